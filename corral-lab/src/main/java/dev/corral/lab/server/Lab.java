package dev.corral.lab.server;

import dev.corral.lab.Emulator;
import dev.corral.lab.config.HostSpec;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A whole practice range: many emulated hosts on one shared event loop group. Starting is all or
 * nothing: if one address cannot be bound, the hosts already started are stopped again.
 */
public final class Lab implements AutoCloseable {
  private final EventLoopGroup group;
  private final List<LabServer> servers;

  private Lab(EventLoopGroup group, List<LabServer> servers) {
    this.group = group;
    this.servers = List.copyOf(servers);
  }

  public static Lab start(List<HostSpec> hosts, Clock clock) {
    EventLoopGroup group =
        Transports.newGroup(Math.max(1, Runtime.getRuntime().availableProcessors()));
    List<LabServer> started = new ArrayList<>();
    try {
      for (HostSpec host : hosts) {
        started.add(
            LabServer.start(Emulator.of(host.persona(), clock), host.address(), group, clock));
      }
    } catch (RuntimeException e) {
      started.forEach(LabServer::close);
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
    return new Lab(group, started);
  }

  public List<LabServer> servers() {
    return servers;
  }

  @Override
  public void close() {
    servers.forEach(LabServer::close);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
