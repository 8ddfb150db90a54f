using System.Diagnostics;
using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Time;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Tier 2 on its own thread, so a slow full pass never delays the fast path: takes each request from the
/// <see cref="Tier2Handover"/>, runs the full detector and OCR on its frame (none on a frameless one), tracks objects
/// and text, associates the speaker, composes a description when what is there changed since the last one said (or
/// the user asked), reports view and description to the observer, and settles the decision with its full latency.
/// A pass that throws is logged with the model it was in and its frame, counted, settled as failed, and the next pass
/// runs as usual; after <see cref="CascadeOptions.Tier2FailureLimit"/> failures in a row the hand-over is faulted and the
/// fast path stops (the daemon exits non-zero and systemd restarts it).
/// </summary>
/// <remarks>
/// Design: every field prefixed <c>_worker</c> (trackers, what was last said, the text in view, the stage running, the
/// pass's progress and the failures in a row) belongs to the worker thread alone; requests reach it only through the
/// hand-over's lock. It writes back only through the hand-over (<see cref="Tier2Handover.ObjectsUnsure"/>, its fault)
/// and the metrics' Interlocked counters and locked recorders.
/// </remarks>
internal sealed partial class Tier2Worker : IDisposable
{
    private readonly CascadeOptions _options;
    private readonly CascadeModels _models;
    private readonly ICascadeObserver _observer;
    private readonly TimeProvider _time;
    private readonly CascadeMetrics _metrics;
    private readonly Tier2Handover _handover;
    private readonly ILogger _logger;
    private readonly SceneComposer _composer;
    private readonly RequestAnswers _answers = new();
    private readonly Thread _thread;
    private volatile bool _interrupted; // set by Interrupt (any thread), read by the worker when a pass throws

    private readonly ObjectTracker _workerTracker;
    private readonly ObjectTracker _workerTextTracker;
    private readonly TextReading _workerTextReading;
    private SceneState? _workerSaidState; // the state of the last description given: what the listener knows
    private string? _workerSaidGist;
    private IReadOnlyList<Evidence> _workerText = [];
    private string _workerStage = Stage; // the model (or the stage) running, named when a pass fails
    private bool _workerSettled; // the pass's decision was settled (a throw after it, from an observer, must not settle it twice)
    private bool _workerCounted; // the pass's compute was counted as a run (a throw after it must not count it twice)
    private bool _workerAnswered; // the user's request the pass carries was answered (a throw after it must not answer twice)
    private int _workerFailuresInARow;

    private const string Stage = "tier 2 (tracking, fusion, description)";

    public Tier2Worker(CascadeOptions options, CascadeModels models, ICascadeObserver observer, TimeProvider time, CascadeMetrics metrics, Tier2Handover handover,
        ILogger logger)
    {
        _logger = logger;
        _options = options;
        _models = models;
        _observer = observer;
        _time = time;
        _metrics = metrics;
        _handover = handover;
        _composer = new SceneComposer(DescriptionTemplates.Default, options.Description.ConfirmedOnly ? options.Description.Thresholds : null);
        _workerTracker = new ObjectTracker(options.Tracking);
        _workerTextTracker = new ObjectTracker(options.Tracking with { Confirm = options.Tracking.TextConfirm });
        _workerTextReading = new TextReading(options.TextRecheck);
        _thread = new Thread(Loop) { IsBackground = true, Name = "cascade-tier2" };
        _thread.Start();
    }

    private void Loop()
    {
        while (_handover.Take(out var request))
        {
            var t0 = Stopwatch.GetTimestamp();
            _workerStage = Stage;
            _workerSettled = _workerCounted = _workerAnswered = false;
            try
            {
                Run(request, t0);
                _workerFailuresInARow = 0;
            }
            catch (Exception) when (_interrupted)
            {
                // Stopped on purpose (Interrupt): not a failure; settled as failed so nothing reads it as a description.
                if (!_workerSettled)
                {
                    _workerSettled = true;
                    _handover.Settle(request.Decision with { Failed = true });
                }
            }
            catch (Exception e) // a failed pass must not end tier 2: the next one may well succeed
            {
                Failed(request, e, Stopwatch.GetElapsedTime(t0));
            }
            finally
            {
                _handover.Done();
            }
        }
    }

    private void Failed(Tier2Request request, Exception e, TimeSpan compute)
    {
        _metrics.AddFailedRun(_workerCounted ? TimeSpan.Zero : compute);
        _workerFailuresInARow++;
        var limit = _options.Tier2FailureLimit;
        // One line per failed pass; the stack trace with the first only, so a model failing every pass cannot flood the log.
        LogFailed(_logger, _metrics.Tier2Failures == 1 ? e : null, _workerStage, request.Timestamp.Nanoseconds, EscalationReasonNames.Primary(request.Decision.Reason),
            e.Message, _workerFailuresInARow, limit);
        if (!_workerSettled)
        {
            _workerSettled = true;
            _handover.Settle(request.Decision with { Failed = true });
        }
        if ((request.Decision.Reason & EscalationReason.UserRequest) != 0 && !_workerAnswered)
        {
            // The user asked and waits: a failed look is said as such, so they know to ask again.
            try
            {
                Answer(request, _answers.Failed((request.Decision.Reason & EscalationReason.ReadText) != 0, _workerStage, request.Timestamp));
            }
            catch (Exception again) // an observer that fails again must not end tier 2 either
            {
                LogAnswerFailed(_logger, again.Message);
            }
        }
        if (_workerFailuresInARow >= limit)
        {
            _handover.Fail(new CascadeFailedException(
                $"tier 2 failed {_workerFailuresInARow} passes in a row (Cascade:Tier2FailureLimit), the last in {_workerStage} on the frame at {request.Timestamp.Nanoseconds} ns: {e.Message}",
                e));
        }
    }

    private void Run(Tier2Request request, long t0)
    {
        if ((request.Decision.Reason & EscalationReason.ReadText) != 0)
        {
            Read(request, t0);
            return;
        }
        var objects = new List<Evidence>();
        if (!request.Frameless && _models.Objects is { } detector)
        {
            var found = new Detection[64];
            var td = Stopwatch.GetTimestamp();
            _workerStage = detector.Name;
            var n = detector.Detect(request.View, found);
            _workerStage = Stage;
            _metrics.DetectorCompute.Add(Stopwatch.GetElapsedTime(td));
            for (var i = 0; i < n; i++)
            {
                objects.Add(new Evidence(detector.Name, 2, detector.Labels[found[i].Label], found[i].Score, found[i].Box, request.Timestamp));
            }
        }
        // Text is read on every pass unless TextRecheck allows skipping it: reading only when the view was new left text
        // read at a cut held unchecked until the next scene change, and missed a sign that became legible while the
        // camera zoomed in. The reader's own probe decides whether text is likely at all. Text presence goes through its
        // own tracker, so one frame's misread is not an exit.
        var readText = !request.Frameless && _workerTextReading.Decide(request.Timestamp, request.Decision.Reason, _workerTextTracker.Unsettled);
        Departure[] textDeparted = [];
        if (request.Frameless)
        {
            _workerTextTracker.Clear();
            _workerText = [];
        }
        else if (readText && _models.Text is { } reader)
        {
            var tt = Stopwatch.GetTimestamp();
            _workerStage = reader.Name;
            var read = reader.Read(request.View);
            _workerStage = Stage;
            _metrics.TextCompute.Add(Stopwatch.GetElapsedTime(tt));
            var lines = read.Select(l => new Evidence(reader.Name, 2, "text", l.Score, l.Box, request.Timestamp, l.Text)).ToList();
            _workerText = _workerTextTracker.Update(lines, request.Timestamp, request.Signature, request.Cuts);
            textDeparted = [.. _workerTextTracker.Departed];
        }
        var people = Fusion.SpeakerAssociation.People(objects, request.Faces);
        List<Evidence> all;
        Departure[] departed = [];
        if (request.Frameless)
        {
            _workerTracker.Clear();
            all = [];
        }
        else
        {
            all = _workerTracker.Update(objects.Where(o => o.Label != "person").Concat(people).ToList(), request.Timestamp, request.Signature, request.Cuts);
            departed = [.. _workerTracker.Departed, .. textDeparted];
            _handover.ObjectsUnsure = (_workerTracker.Unsettled || _workerTextTracker.Unsettled) && !_options.AlwaysFull;
            people = all.Where(o => o.Label == "person").ToList();
        }
        var (speaker, tie) = Fusion.SpeakerAssociation.Associate(request.Speech, people, request.Faces, request.MouthMotion);
        var mostSeen = all.Select(o => o.Label).Distinct(StringComparer.Ordinal).ToDictionary(l => l, _workerTracker.MostSeen, StringComparer.Ordinal);
        var state = new SceneState(request.Timestamp, all, request.Speech, speaker, _workerText, request.CameraMissing, request.MicrophoneMissing, request.Faces, tie, mostSeen,
            !request.Frameless && _workerTracker.NewView);
        // Said when what is there changed since the last description given (its gist: no change markers, which would make
        // every next pass differ, no positions and counts only in bands, which flicker from look to look), or when the
        // user asked; changes are reckoned against what was last said.
        var gist = _composer.Gist(state);
        var due = gist != _workerSaidGist || (request.Decision.Reason & EscalationReason.UserRequest) != 0;
        var description = due ? _composer.Compose(state, _workerSaidState) : null;
        if (description is { IsEmpty: true } && (request.Decision.Reason & EscalationReason.UserRequest) != 0)
        {
            description = _answers.NothingSeen(_models.Objects?.Name ?? Stage, request.Timestamp); // asked, so never silence
        }
        var fullLatency = Timestamp.Now(_time) - request.Since;
        var compute = Stopwatch.GetElapsedTime(t0);
        _metrics.AddFullRun(compute); // before the latency: a stats sample that sees a tier-2 p50 also sees its run
        _metrics.FullLatency.Add(fullLatency);
        _workerCounted = true;
        if (!request.Frameless)
        {
            _observer.ViewChanged(all, _workerText, departed, _composer.Spoken(state).ConvertAll(g => g.Label), request.Timestamp);
            if (all.Count > 0 || _workerText.Count > 0 || departed.Length > 0)
            {
                _metrics.FullEventLatency.Add(Timestamp.Now(_time) - request.Since);
            }
        }
        var degraded = request.CameraMissing is not null || request.MicrophoneMissing is not null;
        if (description is { IsEmpty: false })
        {
            _observer.Described(description, request.Decision.Reason, degraded, request.Timestamp);
            _metrics.FullEventLatency.Add(Timestamp.Now(_time) - request.Since);
            Answered(request);
            _workerSaidGist = gist;
            _workerSaidState = state;
        }
        _workerSettled = true;
        _handover.Settle(request.Decision with { FullLatency = fullLatency, Tier2Compute = compute });
    }

    /// <summary>
    /// Any thread, on a stop: the pass in hand ends at its current model call (ONNX Runtime's terminate flag) instead of
    /// running to its end, so a daemon stops within its budget on a slow board; that pass publishes nothing.
    /// </summary>
    public void Interrupt()
    {
        _interrupted = true; // before the models throw, so the worker knows it was asked
        _models.Objects?.Interrupt();
        _models.Text?.Interrupt();
    }

    /// <summary>Stops the worker after the work in hand.</summary>
    public void Dispose()
    {
        _handover.Stop();
        _thread.Join();
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "tier 2 pass failed in {Model} on the frame at {FrameNs} ns ({Reason}): {Error} ({InARow} in a row; the cascade gives up at {Limit})")]
    private static partial void LogFailed(ILogger logger, Exception? e, string model, long frameNs, string reason, string error, int inARow, int limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "the answer to the user's request could not be given either: {Error}")]
    private static partial void LogAnswerFailed(ILogger logger, string error);
}
