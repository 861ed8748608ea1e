package dev.ledgerline.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;

/**
 * The load driver's HTTP/1.1 client: keep-alive connections to one server, one request at a time on each, all served
 * by ONE event-loop thread that alone owns the pool's state (so it needs no lock).
 *
 * <p>Why plain Netty: the driver runs on the machine it measures, beside the stack and against {@code pgbench} (a C
 * program) on the baseline's side, so every microsecond it spends per request is taken from the measured side. The
 * JDK's {@code java.net.http} client cost about a millisecond of CPU per request, Reactor Netty's about 0.16 ms (its
 * event loop alone, measured per thread in a 20,000-transfer run: its connection pool, pipeline set-up per exchange
 * and reactive plumbing); this client writes a prepared request and completes a future from the response.
 *
 * <p>A request waits for a free connection when {@code maxConnections} are busy. One that fails because a reused
 * connection was closed before any answer (the server may close an idle keep-alive connection at any moment) is sent
 * once more on a new connection, as other HTTP clients do; a fresh connection's failure is reported.
 */
public final class LoadHttpClient implements AutoCloseable {

    /** A response: the status, the body as text and the {@code Retry-After} header (null when absent). */
    public record Answer(int status, String body, String retryAfter) {
    }

    /** Largest response body accepted (a bulk request's answer lists every item). */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    private static final long TIMEOUT_SWEEP_MS = 100;
    private static final AttributeKey<Exchange> IN_FLIGHT = AttributeKey.valueOf("ledgerline-bench-exchange");
    private static final AttributeKey<Boolean> REUSED = AttributeKey.valueOf("ledgerline-bench-reused");
    private static final AttributeKey<Throwable> FAILURE = AttributeKey.valueOf("ledgerline-bench-failure");

    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final String hostHeader;
    private final String apiKey;
    private final int maxConnections;
    private final long timeoutNs;

    // owned by the event loop
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private final Set<Channel> busy = new HashSet<>();
    private int open;
    private boolean closing;

    /** One request and the future its answer completes. */
    private static final class Exchange {
        final HttpMethod method;
        final String path;
        final byte[] body;
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        long deadlineNs;
        boolean retried;

        Exchange(HttpMethod method, String path, byte[] body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }
    }

    /**
     * @param baseUrl        e.g. {@code http://127.0.0.1:5001}
     * @param apiKey         sent as {@code X-Blnk-Key} when not null
     * @param maxConnections most connections open at once (requests beyond wait for one)
     */
    public LoadHttpClient(String baseUrl, String apiKey, int maxConnections, Duration responseTimeout) {
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only http:// is supported: " + baseUrl);
        }
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        this.hostHeader = host + ":" + port;
        this.apiKey = apiKey;
        this.maxConnections = maxConnections;
        this.timeoutNs = responseTimeout.toNanos();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        ThreadFactory daemon = r -> {
            Thread t = new Thread(r, "bench-http");
            t.setDaemon(true);
            return t;
        };
        this.group = new MultiThreadIoEventLoopGroup(1, daemon, io);
        this.loop = group.next();
        Class<? extends SocketChannel> channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .remoteAddress(host, port)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, responseTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                                new AnswerHandler());
                    }
                });
        loop.scheduleAtFixedRate(this::failOverdue, TIMEOUT_SWEEP_MS, TIMEOUT_SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    public CompletableFuture<Answer> post(String path, String json) {
        return submit(new Exchange(HttpMethod.POST, path, json.getBytes(StandardCharsets.UTF_8)));
    }

    public CompletableFuture<Answer> get(String path) {
        return submit(new Exchange(HttpMethod.GET, path, null));
    }

    /** How many connections are open now (for tests). */
    int openConnections() {
        return loop.submit(() -> open).syncUninterruptibly().getNow();
    }

    private CompletableFuture<Answer> submit(Exchange exchange) {
        exchange.deadlineNs = System.nanoTime() + timeoutNs;
        if (loop.inEventLoop()) {
            dispatch(exchange);
        } else {
            loop.execute(() -> dispatch(exchange));
        }
        return exchange.answer;
    }

    // ------------------------------------------------------------------ on the event loop

    private void dispatch(Exchange exchange) {
        if (closing) {
            exchange.answer.completeExceptionally(new IOException("client closed"));
            return;
        }
        Channel channel;
        while ((channel = idle.pollFirst()) != null) {
            if (channel.isActive()) {
                send(channel, exchange);
                return;
            }
        }
        if (open < maxConnections) {
            connect(exchange);
        } else {
            waiting.addLast(exchange);
        }
    }

    private void connect(Exchange exchange) {
        open++;
        bootstrap.connect().addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                f.channel().closeFuture().addListener(c -> closed(f.channel()));
                send(f.channel(), exchange);
            } else {
                open--;
                exchange.answer.completeExceptionally(f.cause());
                nextWaiting();
            }
        });
    }

    private void send(Channel channel, Exchange exchange) {
        channel.attr(IN_FLIGHT).set(exchange);
        busy.add(channel);
        channel.writeAndFlush(request(exchange)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().attr(FAILURE).set(f.cause());
                f.channel().close();
            }
        });
    }

    private FullHttpRequest request(Exchange exchange) {
        ByteBuf content = exchange.body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(exchange.body);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, exchange.method, exchange.path, content);
        HttpHeaders h = request.headers();
        h.set(HttpHeaderNames.HOST, hostHeader);
        h.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
        if (apiKey != null) {
            h.set("X-Blnk-Key", apiKey);
        }
        if (exchange.body != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, exchange.body.length);
        }
        return request;
    }

    private void answered(Channel channel, FullHttpResponse response) {
        Exchange exchange = channel.attr(IN_FLIGHT).getAndSet(null);
        busy.remove(channel);
        if (exchange == null) {
            channel.close(); // an answer nobody asked for: the connection is out of step
            return;
        }
        channel.attr(REUSED).set(true);
        Answer answer = new Answer(response.status().code(), response.content().toString(StandardCharsets.UTF_8),
                response.headers().get(HttpHeaderNames.RETRY_AFTER));
        if (HttpUtil.isKeepAlive(response)) {
            release(channel);
        } else {
            channel.close();
        }
        exchange.answer.complete(answer);
    }

    /** A connection is free again: the oldest waiting request takes it, else it waits in the idle pool. */
    private void release(Channel channel) {
        Exchange next = waiting.pollFirst();
        if (next != null) {
            send(channel, next);
        } else {
            idle.addFirst(channel); // most recently used first: the others may be closed by the server when idle
        }
    }

    private void closed(Channel channel) {
        open--;
        idle.remove(channel);
        busy.remove(channel);
        Exchange exchange = channel.attr(IN_FLIGHT).getAndSet(null);
        if (exchange != null && !exchange.answer.isDone()) {
            if (Boolean.TRUE.equals(channel.attr(REUSED).get()) && !exchange.retried) {
                exchange.retried = true;
                dispatch(exchange);
            } else {
                Throwable cause = channel.attr(FAILURE).get();
                exchange.answer.completeExceptionally(cause != null ? cause
                        : new IOException("connection closed before the answer"));
            }
        }
        nextWaiting();
    }

    private void nextWaiting() {
        if (!waiting.isEmpty() && open < maxConnections) {
            connect(waiting.pollFirst());
        }
    }

    private void failOverdue() {
        long now = System.nanoTime();
        for (Channel channel : busy.toArray(Channel[]::new)) {
            Exchange exchange = channel.attr(IN_FLIGHT).get();
            if (exchange != null && now - exchange.deadlineNs > 0) {
                channel.attr(IN_FLIGHT).set(null);
                exchange.answer.completeExceptionally(new TimeoutException("no answer within the response timeout"));
                channel.close();
            }
        }
        waiting.removeIf(exchange -> {
            boolean overdue = now - exchange.deadlineNs > 0;
            if (overdue) {
                exchange.answer.completeExceptionally(new TimeoutException("no connection free within the response timeout"));
            }
            return overdue;
        });
    }

    private final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            answered(ctx.channel(), response);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.channel().attr(FAILURE).set(cause); // the exchange is retried or failed when the channel is closed
            ctx.close();
        }
    }

    @Override
    public void close() {
        loop.execute(() -> {
            closing = true; // requests still waiting, or in flight on the connections closed here, fail
            waiting.forEach(exchange -> exchange.answer.completeExceptionally(new IOException("client closed")));
            waiting.clear();
            List.copyOf(idle).forEach(Channel::close);
            List.copyOf(busy).forEach(Channel::close);
        });
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
