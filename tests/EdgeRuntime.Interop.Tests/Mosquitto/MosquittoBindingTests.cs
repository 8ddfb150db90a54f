using System.Text;
using EdgeRuntime.Interop.Mosquitto;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Interop.Tests.Mosquitto;

public sealed class MosquittoBindingTests
{
    [Fact]
    public void The_debian_libmosquitto_2_0_is_loaded()
    {
        Assert.Equal(2, MosquittoClient.LibraryVersion.Major);
        Assert.Equal(0, MosquittoClient.LibraryVersion.Minor);
    }

    [Fact]
    public void Status_codes_become_the_library_s_own_words()
    {
        Assert.Contains("not authorised", MosquittoStatus.DescribeConnack(5, mqtt5: false), StringComparison.Ordinal);
        Assert.Contains("Bad User Name or Password", MosquittoStatus.DescribeConnack(134, mqtt5: true), StringComparison.Ordinal);
        Assert.Contains("connected", MosquittoStatus.Describe(MosquittoStatus.NoConnection), StringComparison.OrdinalIgnoreCase);
        var error = Assert.Throws<MosquittoException>(() => MosquittoStatus.Check(MosquittoStatus.ConnectionLost, "loop_read"));
        Assert.Equal(MosquittoStatus.ConnectionLost, error.Code);
        Assert.Contains("loop_read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connecting_to_a_closed_port_reports_the_system_error()
    {
        using var broker = MosquittoBroker.Start();
        var port = broker.Port;
        broker.Stop();
        using var client = new MosquittoClient(new MosquittoClientOptions { ClientId = "closed-port" }, new Silent());
        var rc = client.Connect("127.0.0.1", port);
        Assert.Equal(MosquittoStatus.Errno, rc);
        Assert.Contains("Connection refused", MosquittoStatus.Describe(rc), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_ca_file_is_rejected_when_the_client_is_configured()
    {
        var error = Assert.Throws<MosquittoException>(() =>
            new MosquittoClient(new MosquittoClientOptions { CaFile = "/nonexistent/ca.crt" }, new Silent()));
        Assert.Equal("tls_set", error.Operation);
    }

    [Fact]
    public void A_topic_without_its_terminating_zero_is_refused_before_reaching_native_code()
    {
        using var client = new MosquittoClient(new MosquittoClientOptions(), new Silent());
        Assert.Throws<ArgumentException>(() => client.Publish("a/b"u8, "x"u8, 0, false, out _));
    }

    [Fact]
    public void Publish_subscribe_and_acknowledgement_callbacks_arrive_on_the_loop_thread()
    {
        using var broker = MosquittoBroker.Start();
        var listener = new Recording();
        using var client = new MosquittoClient(new MosquittoClientOptions { ClientId = "binding-test", Mqtt5 = true }, listener);
        Assert.Equal(MosquittoStatus.Success, client.Connect(broker.Host, broker.Port));
        using var waiter = new SocketWaiter();
        void Turn()
        {
            var (readable, writable, _) = waiter.Wait(client.Socket, client.WantWrite, 50);
            Assert.Equal(MosquittoStatus.Success, readable ? client.LoopRead() : 0);
            Assert.Equal(MosquittoStatus.Success, writable || client.WantWrite ? client.LoopWrite() : 0);
            Assert.Equal(MosquittoStatus.Success, client.LoopMisc());
        }
        Eventually.True(() => { Turn(); return listener.Connack == 0; }, TimeSpan.FromSeconds(10), "CONNACK");
        Assert.Equal(MosquittoStatus.Success, client.Subscribe("binding/#", 1, out var subscribeMid));
        Eventually.True(() => { Turn(); return listener.Subscribed.Contains(subscribeMid); }, TimeSpan.FromSeconds(10), "SUBACK");
        Assert.Equal(MosquittoStatus.Success, client.Publish("binding/x\0"u8, "hello"u8, 1, false, out var mid));
        Eventually.True(() => { Turn(); return listener.Published.Contains(mid) && listener.Messages.Count == 1; }, TimeSpan.FromSeconds(10), "PUBACK and the message");
        Assert.Equal(("binding/x", "hello"), listener.Messages[0]);
        Assert.Empty(listener.Errors);
    }

    private class Silent : IMosquittoListener
    {
        public virtual void OnConnect(int code)
        {
        }

        public void OnDisconnect(int code)
        {
        }

        public virtual void OnPublish(int mid, int reasonCode)
        {
        }

        public virtual void OnSubscribe(int mid, int grantedQos)
        {
        }

        public virtual void OnMessage(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, bool retain)
        {
        }

        public virtual void OnLog(MosquittoLogLevel level, string message)
        {
        }
    }

    private sealed class Recording : Silent
    {
        public int Connack { get; private set; } = -1;

        public List<int> Published { get; } = [];

        public List<int> Subscribed { get; } = [];

        public List<(string Topic, string Payload)> Messages { get; } = [];

        public List<string> Errors { get; } = [];

        public override void OnConnect(int code) => Connack = code;

        public override void OnPublish(int mid, int reasonCode) => Published.Add(mid);

        public override void OnSubscribe(int mid, int grantedQos) => Subscribed.Add(mid);

        public override void OnMessage(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, bool retain) =>
            Messages.Add((Encoding.UTF8.GetString(topic), Encoding.UTF8.GetString(payload)));

        public override void OnLog(MosquittoLogLevel level, string message)
        {
            if (level == MosquittoLogLevel.Error)
            {
                Errors.Add(message);
            }
        }
    }
}
