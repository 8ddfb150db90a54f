using System.Diagnostics;
using EdgeRuntime.Interop.Mosquitto;
using EdgeRuntime.Output.Messages;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>
/// What a session says at its ends: on every accepted connection <c>online</c> (retained; the Last Will says
/// <c>offline</c>), the command subscription and the Home Assistant discovery configs; on a clean stop <c>stopped</c>
/// (retained) and a DISCONNECT, waiting briefly for its acknowledgement so the retained state is right.
/// </summary>
/// <remarks>// Design: network thread only; <c>_stoppedMid</c> and <c>_stoppedAcked</c> live for the one stop.</remarks>
internal sealed class SessionAnnouncer
{
    private static readonly TimeSpan StoppedAckWait = TimeSpan.FromMilliseconds(200);

    private readonly MessageBuilder _builder;
    private readonly IReadOnlyList<OutgoingMessage> _discovery;
    private readonly ILogger _logger;
    private int _stoppedMid = -1;
    private bool _stoppedAcked;
    private long _stoppedDeadline;

    public SessionAnnouncer(MessageBuilder builder, IReadOnlyList<OutgoingMessage> discovery, ILogger logger)
    {
        _builder = builder;
        _discovery = discovery;
        _logger = logger;
    }

    /// <summary>Announces a freshly accepted connection.</summary>
    public void Connected(BrokerConnection connection, CommandReceiver commands)
    {
        var online = _builder.Available("online");
        _ = connection.Send(online.Topic.Utf8Z, online.Payload, 1, retain: true, out _);
        commands.Subscribe(connection.Client!);
        foreach (var config in _discovery)
        {
            _ = connection.Send(config.Topic.Utf8Z, config.Payload, 1, retain: true, out _);
        }
    }

    /// <summary>
    /// One step of the goodbye on a connected client: sends <c>stopped</c>, then (acknowledged or not within
    /// <see cref="StoppedAckWait"/>) disconnects. Returns true once finished or when <c>stopped</c> cannot be sent.
    /// </summary>
    public bool Goodbye(BrokerConnection connection, long now, int pending)
    {
        if (_stoppedMid < 0)
        {
            var stopped = _builder.Available("stopped");
            if (connection.Send(stopped.Topic.Utf8Z, stopped.Payload, 1, retain: true, out var mid) != MosquittoStatus.Success)
            {
                return true;
            }
            _stoppedMid = mid;
            _stoppedDeadline = now + (long)(StoppedAckWait.TotalSeconds * Stopwatch.Frequency);
            return false;
        }
        if (!_stoppedAcked && now < _stoppedDeadline)
        {
            return false;
        }
        // A clean DISCONNECT: the broker drops the Last Will, so "stopped" stays the retained state.
        connection.Disconnect();
        MqttLog.Stopped(_logger, pending);
        return true;
    }

    /// <summary>Notes an acknowledgement that the outbox did not claim; true when it was <c>stopped</c>'s.</summary>
    public bool Acknowledged(int mid)
    {
        if (mid != _stoppedMid)
        {
            return false;
        }
        _stoppedAcked = true;
        return true;
    }
}
