package io.chatflow.adapter.http.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Swagger UI from its webjar at /docs/, on our own initializer (the webjar's points at
 * the petstore and ignores ?url=). Served gzip-compressed: the bundle is 1.6 MB.
 */
public final class SwaggerUi {
  private static final String INITIALIZER = """
      window.onload = function () {
        window.ui = SwaggerUIBundle({
          url: "/openapi.json",
          dom_id: "#swagger-ui",
          deepLinking: true,
          persistAuthorization: true,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          plugins: [SwaggerUIBundle.plugins.DownloadUrl],
          layout: "StandaloneLayout"
        });
      };
      """;

  /**
   * Swagger UI runs only its own files (the initializer is one of them, not inline) and calls
   * only this server; React sets style attributes, hence 'unsafe-inline' for styles alone.
   */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
      + " img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
      + " frame-ancestors 'none'; form-action 'self'";

  private SwaggerUi() {}

  /** GET /docs: to the directory, so the page's relative links resolve. */
  public static HttpHandler redirect() {
    return exchange -> {
      exchange.setStatusCode(StatusCodes.FOUND);
      exchange.getResponseHeaders().put(Headers.LOCATION, "/docs/");
      exchange.endExchange();
    };
  }

  /** GET /docs/*: the initializer, else the webjar's files. */
  public static HttpHandler files() {
    String root = "META-INF/resources/webjars/swagger-ui/" + version() + "/";
    ResourceHandler webjar = new ResourceHandler(new ClassPathResourceManager(SwaggerUi.class.getClassLoader(), root))
        .setWelcomeFiles("index.html")
        .setCacheTime(3600);
    HttpHandler files = exchange -> {
      exchange.getResponseHeaders().put(new HttpString("Content-Security-Policy"), CSP);
      if (exchange.getRelativePath().startsWith("/docs/")) {
        exchange.setRelativePath(exchange.getRelativePath().substring("/docs".length()));
      }
      if (exchange.getRelativePath().endsWith("/swagger-initializer.js")) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/javascript; charset=utf-8");
        exchange.getResponseSender().send(INITIALIZER);
      } else {
        webjar.handleRequest(exchange);
      }
    };
    return new EncodingHandler(new ContentEncodingRepository().addEncodingHandler("gzip", new GzipEncodingProvider(), 50))
        .setNext(files);
  }

  static String version() {
    try (InputStream in = SwaggerUi.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
