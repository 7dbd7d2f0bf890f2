package dev.corral.scan;

import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.Emulator;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import dev.corral.lab.server.Transports;
import dev.corral.scan.engine.ScanTarget;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Lab servers for scanner tests: real emulated Ollama hosts on loopback, one per persona. */
final class LabTargets implements AutoCloseable {
  private final EventLoopGroup group = Transports.newGroup(1);
  private final List<LabServer> servers = new ArrayList<>();

  LabServer start(Persona persona) {
    LabServer server =
        LabServer.start(
            Emulator.of(persona, Clock.systemUTC()),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            group,
            Clock.systemUTC());
    servers.add(server);
    return server;
  }

  LabServer start(String version) {
    return start(Persona.standard("lab", OllamaVersion.parse(version)));
  }

  static ScanTarget target(LabServer server) {
    InetSocketAddress a = server.address();
    return ScanTarget.of(a.getAddress().getHostAddress() + ":" + a.getPort(), a, false);
  }

  @Override
  public void close() {
    servers.forEach(LabServer::close);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
