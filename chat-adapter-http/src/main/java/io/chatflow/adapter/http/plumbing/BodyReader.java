package io.chatflow.adapter.http.plumbing;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.AttachmentKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Reads every request body on the I/O thread with Undertow's non-blocking receiver before
 * the request goes to a worker, so a client that stalls its body holds a socket but never a
 * worker thread. A body not complete within the deadline is answered 408 and its connection
 * closed. Past the body limit the rest is read and dropped (a 413 must be read by the client,
 * not met with a reset), and the request goes on marked too large.
 */
public final class BodyReader implements HttpHandler {
  static final AttachmentKey<Body> BODY = AttachmentKey.create(Body.class);

  /** The bytes of a body within the limit, or none of a body over it. */
  record Body(byte[] bytes, boolean tooLarge) {}

  private final HttpHandler next;
  private final int limit;
  private final Duration deadline;
  private final Problems problems;

  public BodyReader(HttpHandler next, int limit, Duration deadline, Problems problems) {
    this.next = next;
    this.limit = limit;
    this.deadline = deadline;
    this.problems = problems;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isRequestComplete()) {
      exchange.dispatch(next);
      return;
    }
    Reading reading = new Reading(exchange);
    reading.timer = exchange.getIoThread().executeAfter(reading::timedOut, deadline.toMillis(), TimeUnit.MILLISECONDS);
    exchange.getRequestReceiver().receivePartialBytes(reading::chunk, reading::failed);
  }

  /** One body being read; the receiver's callbacks and the timer all run on the connection's I/O thread. */
  private final class Reading {
    private final HttpServerExchange exchange;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean tooLarge;
    private boolean done;
    private XnioExecutor.Key timer;

    Reading(HttpServerExchange exchange) {
      this.exchange = exchange;
    }

    void chunk(HttpServerExchange ex, byte[] data, boolean last) {
      if (done) {
        return;
      }
      if (!tooLarge && bytes.size() + data.length > limit) {
        tooLarge = true;
        bytes.reset();
      }
      if (!tooLarge) {
        bytes.write(data, 0, data.length);
      }
      if (last) {
        finish();
        ex.putAttachment(BODY, new Body(tooLarge ? new byte[0] : bytes.toByteArray(), tooLarge));
        ex.dispatch(next);
      }
    }

    void failed(HttpServerExchange ex, IOException e) {
      if (done) {
        return;
      }
      finish();
      if (e instanceof RequestTooBigException) {
        problems.answerAndClose(ex, new HttpProblem(413, "the request body is larger than " + limit + " bytes"));
      } else {
        IoUtils.safeClose(ex.getConnection()); // the client went away mid-body: nobody to answer
      }
    }

    void timedOut() {
      if (done) {
        return;
      }
      finish();
      problems.answerAndClose(exchange,
          new HttpProblem(408, "the request body did not arrive within " + deadline.toMillis() + " ms"));
    }

    private void finish() {
      done = true;
      if (timer != null) {
        timer.remove();
      }
    }
  }
}
