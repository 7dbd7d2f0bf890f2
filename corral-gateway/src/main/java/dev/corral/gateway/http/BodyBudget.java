package dev.corral.gateway.http;

/** Room for request bodies held in memory: taken before bytes are kept, given back after. */
interface BodyBudget {

  /** Takes {@code bytes}; false, taking nothing, when they do not fit. */
  boolean reserve(long bytes);

  /** Gives back what {@link #reserve} took. */
  void release(long bytes);
}
