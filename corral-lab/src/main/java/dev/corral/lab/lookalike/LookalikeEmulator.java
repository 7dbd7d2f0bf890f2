package dev.corral.lab.lookalike;

import dev.corral.lab.Emulator;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.wire.GoDate;
import dev.corral.lab.wire.LabRequest;
import dev.corral.lab.wire.LabResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Products that scanners confuse with Ollama, each answering with its own tells: LLM servers that
 * imitate parts of Ollama's or OpenAI's API (KoboldCpp, Open WebUI, LiteLLM, vLLM, llama.cpp, LM
 * Studio, LocalAI), a honeypot that answers Ollama's banner everywhere, a tarpit that trickles
 * bytes, and a plain nginx. Shapes follow each product's public documentation; they are good enough
 * to test a classifier, not byte-exact replicas.
 */
public final class LookalikeEmulator implements Emulator {
  private final Persona persona;
  private final Clock clock;

  public LookalikeEmulator(Persona persona, Clock clock) {
    this.persona = persona;
    this.clock = clock;
  }

  @Override
  public Persona persona() {
    return persona;
  }

  @Override
  public LabResponse handle(LabRequest r) {
    return switch (persona.product()) {
      case "koboldcpp" -> kobold(r);
      case "open-webui" -> openWebui(r);
      case "litellm" -> litellm(r);
      case "vllm" -> vllm(r);
      case "llama.cpp" -> llamaCpp(r);
      case "lm-studio" -> lmStudio(r);
      case "localai" -> localai(r);
      case "honeypot" -> honeypot(r);
      case "tarpit" -> tarpit();
      default -> nginx(r);
    };
  }

  private String date() {
    return GoDate.now(clock);
  }

  private boolean get(LabRequest r, String path) {
    return (r.method().equals("GET") || r.method().equals("HEAD")) && r.path().equals(path);
  }

  // --- uvicorn (FastAPI) servers: lower-case headers, date first -------------------------------

  private LabResponse uvicorn(LabRequest r, int status, String type, String body) {
    return RawHttp.status(status)
        .header("date", date())
        .header("server", "uvicorn")
        .body(body)
        .header("content-type", type)
        .response("content-length", r.isHead());
  }

  private LabResponse openWebui(LabRequest r) {
    if (get(r, "/")
        || (r.method().equals("GET")
            && !r.path().startsWith("/api")
            && !r.path().startsWith("/ollama"))) {
      // A single-page app: every unknown GET gets the same index page.
      return uvicorn(
          r,
          200,
          "text/html; charset=utf-8",
          "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\" /><title>Open WebUI</title></head><body><div id=\"app\"></div></body></html>");
    }
    if (get(r, "/api/version")) {
      return uvicorn(r, 200, "application/json", "{\"version\":\"0.6.5\"}");
    }
    if (get(r, "/api/config")) {
      return uvicorn(
          r,
          200,
          "application/json",
          "{\"status\":true,\"name\":\"Open WebUI\",\"version\":\"0.6.5\",\"default_locale\":\"\",\"oauth\":{\"providers\":{}},\"features\":{\"auth\":true,\"enable_signup\":true}}");
    }
    if (r.path().startsWith("/ollama/") || r.path().startsWith("/api/")) {
      return uvicorn(r, 401, "application/json", "{\"detail\":\"Not authenticated\"}");
    }
    return uvicorn(r, 405, "application/json", "{\"detail\":\"Method Not Allowed\"}");
  }

  private LabResponse litellm(LabRequest r) {
    if (get(r, "/")) {
      return uvicorn(
          r,
          200,
          "text/html; charset=utf-8",
          "<!DOCTYPE html><html><head><title>LiteLLM API - Swagger UI</title></head><body><div id=\"swagger-ui\"></div></body></html>");
    }
    if (get(r, "/health/liveliness")) {
      return uvicorn(r, 200, "application/json", "\"I'm alive!\"");
    }
    if (r.path().startsWith("/v1/")
        || r.path().startsWith("/api/")
        || r.path().startsWith("/chat/")) {
      return uvicorn(
          r,
          401,
          "application/json",
          "{\"error\":{\"message\":\"Authentication Error, No api key passed in.\",\"type\":\"auth_error\",\"param\":\"None\",\"code\":\"401\"}}");
    }
    return uvicorn(r, 404, "application/json", "{\"detail\":\"Not Found\"}");
  }

  private LabResponse vllm(LabRequest r) {
    if (get(r, "/v1/models")) {
      return uvicorn(
          r,
          200,
          "application/json",
          "{\"object\":\"list\",\"data\":[{\"id\":\"meta-llama/Llama-3.2-3B-Instruct\",\"object\":\"model\",\"created\":1764230400,\"owned_by\":\"vllm\",\"root\":\"meta-llama/Llama-3.2-3B-Instruct\",\"parent\":null,\"max_model_len\":8192}]}");
    }
    if (get(r, "/version")) {
      return uvicorn(r, 200, "application/json", "{\"version\":\"0.6.3\"}");
    }
    if (get(r, "/health")) {
      return uvicorn(r, 200, "application/json", "");
    }
    return uvicorn(r, 404, "application/json", "{\"detail\":\"Not Found\"}");
  }

  // --- llama.cpp server: cpp-httplib, Server: llama.cpp -----------------------------------------

  private LabResponse llamaCpp(LabRequest r) {
    RawHttp out;
    if (get(r, "/")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "text/html; charset=utf-8")
              .body(
                  "<!DOCTYPE html><html><head><title>llama.cpp - chat</title></head><body></body></html>");
    } else if (get(r, "/health")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "application/json; charset=utf-8")
              .body("{\"status\":\"ok\"}");
    } else if (get(r, "/props")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "application/json; charset=utf-8")
              .body(
                  "{\"default_generation_settings\":{\"n_ctx\":4096,\"temperature\":0.8},\"total_slots\":1,\"chat_template\":\"{{ messages }}\"}");
    } else if (get(r, "/v1/models")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "application/json; charset=utf-8")
              .body(
                  "{\"object\":\"list\",\"data\":[{\"id\":\"Llama-3.2-3B-Instruct-Q4_K_M.gguf\",\"object\":\"model\",\"created\":1764230400,\"owned_by\":\"llamacpp\",\"meta\":{\"n_params\":3212749888}}]}");
    } else {
      out =
          RawHttp.status(404)
              .header("Content-Type", "application/json; charset=utf-8")
              .body(
                  "{\"error\":{\"code\":404,\"message\":\"File Not Found\",\"type\":\"not_found_error\"}}");
    }
    out.first("Server", "llama.cpp");
    return out.response("Content-Length", r.isHead());
  }

  // --- KoboldCpp: Python http.server, imitates Ollama's /api/tags and /api/version ------------

  private LabResponse kobold(LabRequest r) {
    RawHttp out;
    if (get(r, "/")) {
      out =
          RawHttp.status(200)
              .header("Content-type", "text/html")
              .body(
                  "<!DOCTYPE html><html><head><title>KoboldAI Lite</title></head><body></body></html>");
    } else if (get(r, "/api/extra/version")) {
      out =
          RawHttp.status(200)
              .header("Content-type", "application/json")
              .body(
                  "{\"result\": \"KoboldCpp\", \"version\": \"1.82.4\", \"protected\": false, \"txt2img\": false}");
    } else if (get(r, "/api/version")) {
      out =
          RawHttp.status(200)
              .header("Content-type", "application/json")
              .body("{\"version\": \"0.6.4\"}");
    } else if (get(r, "/api/tags")) {
      // KoboldCpp answers Ollama clients with a single stand-in model.
      out =
          RawHttp.status(200)
              .header("Content-type", "application/json")
              .body(
                  "{\"models\": [{\"name\": \"koboldcpp/Llama-3.2-3B\", \"model\": \"koboldcpp/Llama-3.2-3B:latest\", \"modified_at\": \"2024-07-19T15:26:55.6122841+08:00\", \"size\": 394998579, \"digest\": \"b5dc5e784f2a3ee1582373093acf69a2f4e2ac1710b253a001712b86a61f88bb\", \"details\": {\"parent_model\": \"\", \"format\": \"gguf\", \"family\": \"koboldcpp\", \"families\": [\"koboldcpp\"], \"parameter_size\": \"128M\", \"quantization_level\": \"Q4_0\"}}]}");
    } else {
      out =
          RawHttp.status(404)
              .header("Content-type", "text/html")
              .body("<html><body><h1>Not Found</h1></body></html>");
    }
    out.first("Date", date()).first("Server", "ConcedoLlamaForKoboldServer Python/3.11.9");
    return out.response("Content-Length", r.isHead());
  }

  // --- LM Studio: Express ------------------------------------------------------------------------

  private LabResponse lmStudio(LabRequest r) {
    RawHttp out;
    if (get(r, "/v1/models")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "application/json; charset=utf-8")
              .body(
                  "{\n  \"data\": [\n    {\n      \"id\": \"qwen2.5-7b-instruct\",\n      \"object\": \"model\",\n      \"owned_by\": \"organization_owner\"\n    }\n  ],\n  \"object\": \"list\"\n}");
    } else if (get(r, "/api/v0/models")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "application/json; charset=utf-8")
              .body(
                  "{\"data\":[{\"id\":\"qwen2.5-7b-instruct\",\"object\":\"model\",\"type\":\"llm\",\"publisher\":\"lmstudio-community\",\"arch\":\"qwen2\",\"compatibility_type\":\"gguf\",\"quantization\":\"Q4_K_M\",\"state\":\"not-loaded\",\"max_context_length\":32768}],\"object\":\"list\"}");
    } else {
      out =
          RawHttp.status(200)
              .header("Content-Type", "application/json; charset=utf-8")
              .body(
                  "{\"error\":\"Unexpected endpoint or method. ("
                      + r.method()
                      + " "
                      + r.path()
                      + ")\"}");
    }
    out.header("X-Powered-By", "Express").header("Date", date()).header("Connection", "keep-alive");
    return out.response("Content-Length", r.isHead());
  }

  // --- LocalAI: Go (Fiber) ---------------------------------------------------------------------

  private LabResponse localai(LabRequest r) {
    RawHttp out;
    if (get(r, "/")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "text/html; charset=utf-8")
              .body(
                  "<!DOCTYPE html><html><head><title>LocalAI API - v2.26.0</title></head><body></body></html>");
    } else if (get(r, "/readyz") || get(r, "/healthz")) {
      out = RawHttp.status(200).header("Content-Type", "text/plain; charset=utf-8").body("OK");
    } else if (get(r, "/v1/models")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "application/json")
              .body(
                  "{\"object\":\"list\",\"data\":[{\"id\":\"llama-3.2-3b-instruct\",\"object\":\"model\"}]}");
    } else {
      out =
          RawHttp.status(404)
              .header("Content-Type", "application/json")
              .body(
                  "{\"error\":{\"code\":404,\"message\":\"Cannot "
                      + r.method()
                      + " "
                      + r.path()
                      + "\",\"type\":\"\"}}");
    }
    out.header("Date", date());
    return out.response("Content-Length", r.isHead());
  }

  // --- A honeypot: Python http.server answering the banner (and bait) on every path ----------

  private LabResponse honeypot(LabRequest r) {
    RawHttp out;
    if (r.path().equals("/api/tags")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "application/json")
              .body(
                  "{\"models\": [{\"name\": \"llama3:latest\", \"model\": \"llama3:latest\", \"size\": 4661224676, \"digest\": \"sha256:365c0bd3c000\", \"details\": {\"family\": \"llama\"}}]}");
    } else if (r.path().equals("/api/version")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "application/json")
              .body("{\"version\": \"0.1.33\"}");
    } else {
      out =
          RawHttp.status(200)
              .header("Content-Type", "text/plain; charset=utf-8")
              .body("Ollama is running");
    }
    out.first("Date", date()).first("Server", "BaseHTTP/0.6 Python/3.10.12");
    return out.response("Content-Length", r.isHead());
  }

  // --- A tarpit: accepts, then trickles a status line one byte at a time ---------------------

  private LabResponse tarpit() {
    byte[] line = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1);
    List<LabResponse.Chunk> drip = new ArrayList<>();
    for (byte b : line) {
      drip.add(new LabResponse.Chunk(new byte[] {b}, 3_000_000_000L));
    }
    return new LabResponse().raw(drip.iterator(), true);
  }

  // --- Anything else on the port: nginx's welcome page ------------------------------------------

  private LabResponse nginx(LabRequest r) {
    RawHttp out;
    if (get(r, "/")) {
      out =
          RawHttp.status(200)
              .header("Content-Type", "text/html")
              .body(
                  "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n");
    } else {
      out =
          RawHttp.status(404)
              .header("Content-Type", "text/html")
              .body(
                  "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.24.0 (Ubuntu)</center>\r\n</body>\r\n</html>\r\n");
    }
    out.first("Date", date())
        .first("Server", "nginx/1.24.0 (Ubuntu)")
        .header("Connection", "keep-alive");
    return out.response("Content-Length", r.isHead());
  }
}
