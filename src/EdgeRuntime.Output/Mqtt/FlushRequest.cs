namespace EdgeRuntime.Output.Mqtt;

/// <summary>A producer's request to be told when everything queued before it is delivered.</summary>
internal sealed class FlushRequest
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
