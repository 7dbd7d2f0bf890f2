package dev.corral.audit.harden;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed configuration, as files relative to an output directory: the systemd drop-in (at the
 * path it is installed to), the docker-compose file, the gateway configurations and a README. Each
 * file passes {@code corral audit} (tested).
 */
public final class HardenedFiles {
  public static final String DROP_IN = "etc/systemd/system/ollama.service.d/corral.conf";
  public static final String COMPOSE = "docker-compose.yml";
  public static final String GATEWAY = "corral/gateway.yaml";
  public static final String GATEWAY_HOST = "corral/gateway-host.yaml";
  public static final String README = "README.md";
  public static final String FIREWALL = "firewall/ollama.nft";

  /** Where the gateway listens inside its container. */
  static final int GATEWAY_CONTAINER_PORT = 8443;

  private HardenedFiles() {}

  /** Every file, by path relative to the output directory, in a stable order. */
  public static Map<String, String> of(HardenSettings s) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(DROP_IN, dropIn());
    files.put(COMPOSE, compose(s));
    files.put(GATEWAY, gateway("0.0.0.0:" + GATEWAY_CONTAINER_PORT, "http://ollama:11434"));
    files.put(GATEWAY_HOST, gateway("0.0.0.0:" + s.gatewayPort(), "http://127.0.0.1:11434"));
    files.put(FIREWALL, firewall());
    files.put(README, readme(s));
    return files;
  }

  static String dropIn() {
    return """
        # Written by corral harden. Ollama listens on loopback only; clients come through the
        # corral gateway. Install:
        #   sudo install -D -m 0644 corral.conf /etc/systemd/system/ollama.service.d/corral.conf
        #   sudo systemctl daemon-reload && sudo systemctl restart ollama
        # Drop-ins apply in file-name order: one sorting after this (override.conf) that sets
        # OLLAMA_HOST wins, so remove OLLAMA_HOST there. corral audit --local shows the file that won.
        [Service]
        Environment="OLLAMA_HOST=127.0.0.1:11434"
        Environment="OLLAMA_ORIGINS="
        User=ollama
        Group=ollama
        NoNewPrivileges=true
        PrivateTmp=true
        """;
  }

  /**
   * Defence in depth for the systemd setup: other machines cannot reach 11434 even if the bind is
   * ever widened again. Docker-published ports bypass the input chain; the compose file publishes
   * none for Ollama.
   */
  static String firewall() {
    return """
        #!/usr/sbin/nft -f
        # Written by corral harden: other machines cannot reach Ollama's port; loopback (the
        # corral gateway) still can. Install: sudo nft -f ollama.nft, and include it from
        # /etc/nftables.conf to keep it across reboots.
        table inet corral_ollama {
          chain input {
            type filter hook input priority -10; policy accept;
            iif "lo" accept
            tcp dport 11434 drop
          }
        }
        """;
  }

  static String compose(HardenSettings s) {
    String modelsDir = s.modelsInDotOllama() ? "/ollama/models" : "/ollama";
    String models = s.models().source();
    String published =
        (s.gatewayHostIp().isEmpty() ? "" : bracket(s.gatewayHostIp()) + ":")
            + s.gatewayPort()
            + ":"
            + GATEWAY_CONTAINER_PORT;
    StringBuilder y = new StringBuilder();
    y.append(
        """
        # Written by corral harden. Ollama sits on an internal network with no published port;
        # the corral gateway in front is the only way in, over TLS, with a key.
        # Before the first start: put the TLS certificate and key in corral/tls/ (cert.pem, key.pem),
        # and make the models readable by the Ollama user (see README.md).
        services:
          ollama:
        """);
    y.append("    image: ").append(quote(s.ollamaImage())).append('\n');
    y.append("    user: ").append(quote(s.user())).append('\n');
    y.append(
        """
            read_only: true
            tmpfs:
              - /tmp
            cap_drop:
              - ALL
            security_opt:
              - "no-new-privileges:true"
            environment:
              # Every interface of the container, which is only on the internal network.
              OLLAMA_HOST: "0.0.0.0:11434"
        """);
    y.append("      OLLAMA_MODELS: ").append(quote(modelsDir)).append('\n');
    y.append("      HOME: /tmp\n");
    y.append("    volumes:\n");
    y.append("      - ").append(quote(models + ":/ollama")).append('\n');
    y.append("    networks:\n      - ollama-internal\n");
    y.append("    mem_limit: ").append(s.memory()).append('\n');
    y.append("    cpus: ").append(quote(s.cpus())).append('\n');
    y.append("    restart: unless-stopped\n");
    if (s.gpus()) {
      y.append(
          """
              deploy:
                resources:
                  reservations:
                    devices:
                      - driver: nvidia
                        count: all
                        capabilities: [gpu]
          """);
    }
    y.append(
        """
          corral:
            image: ${CORRAL_IMAGE:-corral:latest}
            command: gateway --config /etc/corral/gateway.yaml
            user: "65532:65532"
            read_only: true
            tmpfs:
              - /tmp
            cap_drop:
              - ALL
            security_opt:
              - "no-new-privileges:true"
            ports:
        """);
    y.append("      - ").append(quote(published)).append('\n');
    y.append(
        """
            volumes:
              - ./corral/gateway.yaml:/etc/corral/gateway.yaml:ro
              - ./corral/tls:/etc/corral/tls:ro
              - corral-data:/var/lib/corral
            networks:
              - ollama-internal
              - front
            depends_on:
              - ollama
            mem_limit: 512m
            cpus: "1"
            restart: unless-stopped
        networks:
          ollama-internal:
            internal: true
          front: {}
        volumes:
          corral-data: {}
        """);
    if (!s.models().hostPath()) {
      y.append("  ").append(s.models().source()).append(":");
      if (s.models().external()) {
        y.append("\n    external: true\n    name: ")
            .append(quote(s.models().source()))
            .append('\n');
      } else {
        y.append(" {}\n");
      }
    }
    return y.toString();
  }

  /** The gateway configuration in the format of the gateway's contract (docs/gateway.md). */
  static String gateway(String listen, String upstream) {
    return """
        # Written by corral harden: the corral gateway in front of Ollama.
        listen: "%s"
        upstream: "%s"
        tls:
          cert: /etc/corral/tls/cert.pem
          key: /etc/corral/tls/key.pem
        admin_listen: "127.0.0.1:9464"
        db: /var/lib/corral/corral.db
        policy:
          registries: [registry.ollama.ai]
          origins: []
          hosts: []
          allow_cloud_routes: false
        limits:
          max_json_body: 32MiB
          max_blob_body: 64GiB
          max_header_size: 16KiB
          header_timeout: 10s
          idle_timeout: 120s
          upstream_timeout: 600s
          max_streams_per_key: 4
          max_streams: 64
        audit:
          jsonl: "-"
          store: true
        """
        .formatted(listen, upstream);
  }

  static String readme(HardenSettings s) {
    String url =
        "https://"
            + (s.gatewayHostIp().isEmpty() ? "HOST" : bracket(s.gatewayHostIp()))
            + ":"
            + s.gatewayPort();
    return """
        # Hardened Ollama, written by corral harden

        ## With Docker Compose

        1. Put the TLS certificate and key in `corral/tls/cert.pem` and `corral/tls/key.pem`.
        2. Let the Ollama user (%s) own the models: `docker run --rm -v %s:/ollama alpine chown -R %s /ollama`.
        3. `docker compose up -d`, then create keys with the gateway (`corral keys --help`).
        4. Clients use `%s` with `Authorization: Bearer KEY`.
        5. Check the result: `corral audit --compose docker-compose.yml` and
           `corral audit %s --key KEY --direct HOST:11434`.

        ## Without containers (systemd)

        1. `sudo install -D -m 0644 etc/systemd/system/ollama.service.d/corral.conf /etc/systemd/system/ollama.service.d/corral.conf`
        2. `sudo systemctl daemon-reload && sudo systemctl restart ollama`
        3. Drop the port for other machines: `sudo nft -f firewall/ollama.nft` (and include it from
           `/etc/nftables.conf`).
        4. Run the gateway with `corral/gateway-host.yaml` (`corral gateway --config corral/gateway-host.yaml`).
        5. Check the result: `corral audit --local --firewall firewall/ollama.nft`.
        """
        .formatted(s.user(), s.models().source(), s.user(), url, url);
  }

  private static String bracket(String ip) {
    return ip.contains(":") && !ip.startsWith("[") ? "[" + ip + "]" : ip;
  }

  /** A double-quoted YAML scalar. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
