using System.Diagnostics;
using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>Tier 2's answers to the user's requests: reading text, and the answer a request gets in any case.</summary>
/// <remarks>Design: the worker thread's, as the rest of <see cref="Tier2Worker"/> (see its note).</remarks>
internal sealed partial class Tier2Worker
{
    /// <summary>
    /// A user's "read text": the whole frame read at full resolution, answered with the lines in reading order or why
    /// there are none (no text, too small, no camera, no reader). It is not a look at the scene: trackers and what was
    /// last said stay as they were.
    /// </summary>
    private void Read(Tier2Request request, long t0)
    {
        ComposedDescription answer;
        if (request.Frameless)
        {
            answer = _answers.NoCamera(request.CameraMissing ?? new Evidence("camera", 0, "missing", 1f, null, request.Timestamp), request.Timestamp);
        }
        else if (_models.Text is { } reader)
        {
            var tt = Stopwatch.GetTimestamp();
            _workerStage = reader.Name;
            var page = reader.ReadPage(request.View);
            _workerStage = Stage;
            _metrics.TextCompute.Add(Stopwatch.GetElapsedTime(tt));
            answer = _answers.Reading(page, reader.Name, request.Timestamp);
        }
        else
        {
            answer = _answers.NoReader(request.Timestamp);
        }
        var fullLatency = Timestamp.Now(_time) - request.Since;
        var compute = Stopwatch.GetElapsedTime(t0);
        _metrics.AddFullRun(compute); // before the latency: a stats sample that sees a tier-2 p50 also sees its run
        _metrics.FullLatency.Add(fullLatency);
        _workerCounted = true;
        Answer(request, answer);
        _workerSettled = true;
        _handover.Settle(request.Decision with { FullLatency = fullLatency, Tier2Compute = compute });
    }

    /// <summary>Gives the user's request its answer (spoken and published by the observers) and measures how long it took.</summary>
    private void Answer(Tier2Request request, ComposedDescription answer)
    {
        var degraded = request.CameraMissing is not null || request.MicrophoneMissing is not null;
        _observer.Described(answer, request.Decision.Reason, degraded, request.Timestamp);
        _metrics.FullEventLatency.Add(Timestamp.Now(_time) - request.Since);
        Answered(request);
    }

    /// <summary>A description went out: when it answered a user's request, the request's latency from when they asked.</summary>
    private void Answered(Tier2Request request)
    {
        if ((request.Decision.Reason & EscalationReason.UserRequest) == 0)
        {
            return;
        }
        _workerAnswered = true;
        if (request.Decision.Asked is { } asked)
        {
            _metrics.RequestLatency.Add(Timestamp.Now(_time) - asked);
        }
    }
}
