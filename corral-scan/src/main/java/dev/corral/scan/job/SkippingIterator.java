package dev.corral.scan.job;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/** The present results of mapping another iterator, lazily: absent results are skipped. */
final class SkippingIterator<T, R> implements Iterator<R> {
  private final Iterator<T> source;
  private final Function<T, Optional<R>> mapping;
  private R next;

  SkippingIterator(Iterator<T> source, Function<T, Optional<R>> mapping) {
    this.source = source;
    this.mapping = mapping;
  }

  @Override
  public boolean hasNext() {
    while (next == null && source.hasNext()) {
      next = mapping.apply(source.next()).orElse(null);
    }
    return next != null;
  }

  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    R r = next;
    next = null;
    return r;
  }
}
