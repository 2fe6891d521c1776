package io.chatflow.adapter.http.web;

import io.chatflow.domain.NotFoundException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.CanonicalPathUtils;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.regex.Pattern;

/**
 * The browser client: static files from {@code web/} on the class path. {@code /} is the
 * page itself (never cached, so a new version is picked up at once); {@code /app/*} are
 * its modules and styles, cached briefly and revalidated by Last-Modified.
 */
public final class WebClient {
  public static final String ASSETS = "/app/";
  private static final int ASSET_MAX_AGE_SECONDS = 300;
  /**
   * The page only talks to its own origin and never runs inline code, so injected markup
   * cannot run. connect-src names the socket's ws:/wss: origin too: older browsers do not
   * count it as 'self'.
   */
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " manifest-src 'self'; connect-src 'self'%s; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
      + " form-action 'self'";
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");

  private WebClient() {}

  /** GET / and GET /app/*: one handler for both routes. */
  public static HttpHandler files() {
    ClassPathResourceManager web = new ClassPathResourceManager(WebClient.class.getClassLoader(), "web/");
    ResourceHandler page = new ResourceHandler(web).setDirectoryListingEnabled(false);
    ResourceHandler assets = new ResourceHandler(web).setDirectoryListingEnabled(false)
        .setCacheTime(ASSET_MAX_AGE_SECONDS);
    HttpHandler files = exchange -> {
      String path = exchange.getRelativePath();
      ResourceHandler resources;
      if (path.equals("/") || path.isEmpty()) {
        resources = page;
        exchange.setRelativePath("/index.html");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseHeaders().put(new HttpString("Content-Security-Policy"), policy(exchange));
        exchange.getResponseHeaders().put(new HttpString("Referrer-Policy"), "no-referrer");
      } else if (path.startsWith(ASSETS) && !path.endsWith("/") && !path.contains("..") && !path.contains("\\")) {
        resources = assets;
        exchange.setRelativePath(CanonicalPathUtils.canonicalize("/" + path.substring(ASSETS.length())));
      } else {
        throw new NotFoundException("file");
      }
      exchange.getResponseHeaders().put(new HttpString("X-Content-Type-Options"), "nosniff");
      serveOr404(resources, exchange);
    };
    return new EncodingHandler(new ContentEncodingRepository().addEncodingHandler("gzip", new GzipEncodingProvider(), 50))
        .setNext(files);
  }

  /** The CSP of the page, its socket allowed on the host it was asked from and nowhere else. */
  static String policy(HttpServerExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    if (host == null || !HOST.matcher(host).matches()) {
      return String.format(CSP, "");
    }
    String scheme = exchange.getRequestScheme().equals("https") ? "wss://" : "ws://";
    return String.format(CSP, " " + scheme + host);
  }

  private static void serveOr404(ResourceHandler resources, HttpServerExchange exchange) throws Exception {
    if (resources.getResourceManager().getResource(exchange.getRelativePath()) == null) {
      throw new NotFoundException("file");
    }
    resources.handleRequest(exchange);
  }
}
