package dev.corral.gateway.http;

import dev.corral.gateway.config.Endpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import java.net.BindException;
import java.net.InetSocketAddress;

/** Binds a listener and turns the ways it fails into one clear sentence. */
public final class Binding {
  private Binding() {}

  /**
   * @param what names the listener in errors, e.g. {@code the admin listener}
   */
  public static Channel bind(ServerBootstrap bootstrap, Endpoint endpoint, String what) {
    InetSocketAddress address = endpoint.socketAddress();
    if (address.isUnresolved()) {
      throw new GatewayStartException(
          "cannot listen on " + endpoint + " for " + what + ": unknown host " + endpoint.host());
    }
    try {
      return bootstrap.bind(address).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayStartException("interrupted while binding " + endpoint, e);
    } catch (Exception e) {
      if (e instanceof BindException
          || e.getCause() instanceof BindException
          || String.valueOf(e.getMessage()).contains("Address already in use")) {
        throw new GatewayStartException(
            endpoint + " is already in use (" + what + " cannot listen there)", e);
      }
      throw new GatewayStartException(
          "cannot listen on " + endpoint + " for " + what + ": " + e.getMessage(), e);
    }
  }
}
