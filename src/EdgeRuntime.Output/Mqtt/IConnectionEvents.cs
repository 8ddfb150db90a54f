namespace EdgeRuntime.Output.Mqtt;

/// <summary>What <see cref="BrokerConnection"/> tells the rest of the publisher; called on the network thread.</summary>
internal interface IConnectionEvents
{
    /// <summary>The broker accepted the connection (CONNACK 0): announce and send the outbox again from the oldest.</summary>
    void Connected();

    /// <summary>The client is gone: nothing is in flight any more. <paramref name="lostReason"/> is set when an accepted connection was lost.</summary>
    void Closed(string? lostReason);

    /// <summary>The broker acknowledged message <paramref name="mid"/> (a reason ≥ 0x80 is an MQTT 5 refusal).</summary>
    void Acknowledged(int mid, int reasonCode);
}
