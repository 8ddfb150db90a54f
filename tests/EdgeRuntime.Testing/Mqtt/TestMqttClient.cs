using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeRuntime.Testing.Mqtt;

/// <summary>A message a <see cref="TestMqttClient"/> received.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Payload, bool Retain)
{
    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// A subscriber/publisher for tests on MQTTnet, a client independent of our libmosquitto binding, so a test checks what
/// the daemon put on the wire rather than what our binding believes it sent. It speaks MQTT 3.1.1 (as the daemon does),
/// reconnects by itself after a broker restart (resuming its session when <c>cleanSession</c> is false), and records
/// everything it receives and every refusal (connection, subscription, publish).
/// </summary>
/// <remarks>
/// // Design: the loop task alone touches the MQTTnet client (connect, subscribe, publish, disconnect); other threads
/// enqueue publishes into <c>_outgoing</c> and release <c>_wake</c>. MQTTnet's receive loop calls <see cref="OnMessageAsync"/>
/// one message at a time, so <c>_messages</c> keeps arrival order; it and <c>_errors</c> are ConcurrentQueues readable from
/// any thread. <c>_connected</c>/<c>_subscribed</c> are written by the loop and read by <see cref="Connected"/>.
/// </remarks>
public sealed class TestMqttClient : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan IdleWake = TimeSpan.FromMilliseconds(50);

    private readonly MosquittoBroker _broker;
    private readonly MqttClientOptions _options;
    private readonly string[] _subscriptions;
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    private readonly ConcurrentQueue<MqttApplicationMessage> _outgoing = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile bool _connected;
    private volatile int _subscribed;
    private long _published;

    /// <summary>Connects (and keeps reconnecting) to <paramref name="broker"/>, subscribing to <paramref name="subscriptions"/> at QoS 1.</summary>
    public TestMqttClient(MosquittoBroker broker, string clientId, bool cleanSession = true, string? username = null, string? password = null, params string[] subscriptions)
    {
        _broker = broker;
        _subscriptions = subscriptions;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCleanSession(cleanSession)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(5))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (username is not null)
        {
            builder.WithCredentials(username, password ?? "");
        }
        if (broker.Certificates is { } certs)
        {
            builder.WithTlsOptions(tls => Tls(tls, certs));
        }
        _options = builder.Build();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Whether the broker accepted the current connection and acknowledged every subscription.</summary>
    public bool Connected => _connected && _subscribed >= _subscriptions.Length;

    /// <summary>Messages received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedMessage> Messages => _messages.ToArray();

    /// <summary>Refusals and failures: a refused connection or subscription, a publish the broker did not accept.</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    /// <summary>How many queued publishes were handed to the broker.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Messages received on <paramref name="topic"/>.</summary>
    public IReadOnlyList<ReceivedMessage> On(string topic) => _messages.Where(m => m.Topic == topic).ToArray();

    /// <summary>Waits until connected.</summary>
    public TestMqttClient WaitConnected(TimeSpan? deadline = null)
    {
        Eventually.True(() => Connected, deadline ?? TimeSpan.FromSeconds(10), $"test client connected to {_broker.Port}");
        return this;
    }

    /// <summary>Queues a publish (sent from the loop when connected; kept across a reconnect until the broker takes it).</summary>
    public void Publish(string topic, byte[] payload, int qos = 0, bool retain = false)
    {
        _outgoing.Enqueue(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
            .WithRetainFlag(retain)
            .Build());
        _wake.Release();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _wake.Release();
        _loop.GetAwaiter().GetResult();
        _stop.Dispose();
        _wake.Dispose();
    }

    private static void Tls(MqttClientTlsOptionsBuilder tls, TestCertificates certs)
    {
        // The fixture's own CA is the only trust anchor; the client proves itself with the fixture's client certificate.
        var ca = X509CertificateLoader.LoadCertificateFromFile(certs.CaFile);
        using var pem = X509Certificate2.CreateFromPemFile(certs.ClientCert, certs.ClientKey);
        // An ephemeral PEM key cannot sign a TLS handshake on every platform: round-trip through PKCS#12.
        var client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        tls.UseTls()
            .WithClientCertificates([client])
            .WithCertificateValidationHandler(e =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return e.Certificate is not null && chain.Build(new X509Certificate2(e.Certificate));
            });
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        MqttApplicationMessage? pending = null;
        while (!stop.IsCancellationRequested)
        {
            using var client = new MqttClientFactory().CreateMqttClient();
            client.ApplicationMessageReceivedAsync += OnMessageAsync;
            client.DisconnectedAsync += _ =>
            {
                _wake.Release();
                return Task.CompletedTask;
            };
            try
            {
                var connack = await client.ConnectAsync(_options, stop).ConfigureAwait(false);
                if (connack.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new MqttConnectingFailedException($"{connack.ResultCode} {connack.ReasonString}", null);
                }
                _connected = true;
                foreach (var pattern in _subscriptions)
                {
                    var result = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter(pattern, MqttQualityOfServiceLevel.AtLeastOnce).Build(), stop).ConfigureAwait(false);
                    if (result.Items.Any(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2))
                    {
                        _errors.Enqueue("subscription refused: " + pattern);
                    }
                    _subscribed++;
                }
                while (!stop.IsCancellationRequested && client.IsConnected)
                {
                    while ((pending ??= _outgoing.TryDequeue(out var m) ? m : null) is { } message)
                    {
                        var published = await client.PublishAsync(message, stop).ConfigureAwait(false);
                        if (!published.IsSuccess)
                        {
                            _errors.Enqueue($"publish refused on {message.Topic}: {published.ReasonCode}");
                        }
                        pending = null;
                        Interlocked.Increment(ref _published);
                    }
                    await _wake.WaitAsync(IdleWake, stop).ConfigureAwait(false);
                }
            }
            catch (MqttConnectingFailedException e)
            {
                // The broker answered with a refusal code (a plain network failure is retried quietly below).
                _errors.Enqueue("connection refused: " + e.Message);
            }
            catch (MqttCommunicationException)
            {
                // The broker is down or went away: reconnect below; an unsent publish stays in `pending`.
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            _connected = false;
            _subscribed = 0;
            if (stop.IsCancellationRequested)
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
                }
                break;
            }
            await Task.Delay(RetryInterval, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var m = e.ApplicationMessage;
        _messages.Enqueue(new ReceivedMessage(m.Topic, m.Payload.ToArray(), m.Retain));
        return Task.CompletedTask;
    }
}
