using System.Text.Json;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Output.Console;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Cascade.Tests.EndToEnd;

/// <summary>
/// The whole cascade with the real models on a short generated scenario, played at real time through the path a board
/// runs (replay camera and microphone, rings, stream monitor, aligner, live feed), events going through the real
/// console/JSONL sink. Checks behaviour (speech segments and main objects reported, descriptions backed by detections,
/// degraded mode said when a sensor goes away), never timing.
/// </summary>
public sealed class CascadeEndToEndTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    private static ReplayOptions Replay(string dir, GroundTruth truth) =>
        new() { Video = Path.Combine(dir, truth.Video), Audio = Path.Combine(dir, truth.Audio), Pacing = ReplayPacing.Realtime };

    private async Task<(RunReport Report, List<JsonElement> Lines)> RunAsync(ReplayOptions replay)
    {
        var output = new StringWriter();
        var sink = new ConsoleEventSink(new Topics("edge"), output, ownsOutput: false);
        await sink.StartAsync(CancellationToken.None);
        var report = CascadeSession.Run(new CascadeOptions(), fixture.Loaded.Models, replay, sink, TimeProvider.System, timeline: new TimelineRecorder());
        await sink.FlushAsync(CancellationToken.None);
        await sink.DisposeAsync();
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (report, lines);
    }

    [Fact]
    public async Task Speech_segments_and_the_main_objects_are_reported_and_described()
    {
        var (dir, truth) = TestScenarios.EndToEnd;
        var (report, lines) = await RunAsync(Replay(dir, truth));

        // Every spoken sentence overlaps a reported speech segment, and no segment is far from speech.
        var segments = report.Timeline.Speech.Select(s => (Start: CascadeSession.Seconds(report, s.Start), End: CascadeSession.Seconds(report, s.End))).ToList();
        Assert.All(truth.Speech, t => Assert.Contains(segments, s => s.Start < t.End && t.Start < s.End));
        Assert.All(segments, s => Assert.Contains(truth.Speech, t => s.Start < t.End + 0.5 && t.Start - 0.5 < s.End));

        // The person in the first shot and the cup in the second are reported in view during their shots (where in the
        // shot depends on which frames tier 2 looked at: the camera pans and zooms, and the detector sees the cup only in part of it).
        foreach (var (label, shot) in new[] { ("person", truth.Shots[0]), ("cup", truth.Shots[1]) })
        {
            Assert.Contains(label, shot.Labels());
            Assert.Contains(report.Timeline.Views, v => v.Labels.Contains(label)
                && CascadeSession.Seconds(report, v.At) >= shot.Start && CascadeSession.Seconds(report, v.At) < shot.End);
        }

        // Events and descriptions went out through the sink.
        var topics = lines.Select(l => l.GetProperty("topic").GetString()).ToList();
        Assert.Contains("edge/events", topics);
        var scenes = lines.Where(l => l.GetProperty("topic").GetString() == "edge/scene").Select(l => l.GetProperty("payload").GetProperty("text").GetString()!).ToList();
        Assert.Contains(scenes, s => s.Contains("person", StringComparison.Ordinal) && s.Contains("speaking", StringComparison.Ordinal));
        Assert.Contains(scenes, s => s.Contains("cup", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(lines, l => l.GetProperty("topic").GetString() == "edge/events"
                                    && l.GetProperty("payload").GetProperty("after").GetProperty("label").GetString() == "speech");
        Assert.True(report.Decisions.EscalationRate < 0.5, $"escalation rate {report.Decisions.EscalationRate:P0}");

        // Every tier-2 decision went out once, settled, on the decisions topic, and the summary counts them by reason
        // as the escalation line does.
        var decisions = lines.Where(l => l.GetProperty("topic").GetString() == "edge/decisions").Select(l => l.GetProperty("payload")).ToList();
        Assert.Equal(report.Decisions.ByTier[2], decisions.Count);
        Assert.Equal(report.Decisions.ByReason.ToDictionary(kv => EscalationReasonNames.Primary(kv.Key), kv => kv.Value), report.DecisionsPublishedByReason);
        Assert.Equal("startup", decisions.OrderBy(d => d.GetProperty("sequence").GetInt64()).First().GetProperty("reason").GetString());
        Assert.All(decisions.Where(d => d.GetProperty("outcome").GetString() == "completed"),
            d => Assert.True(d.GetProperty("full_latency_ms").GetDouble() >= d.GetProperty("latency_ms").GetDouble(), d.ToString()));
        var summary = RunSummary.Format(report);
        Assert.Contains($"tier-2 decisions published: {decisions.Count} (", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_camera_goes_away_speech_is_still_reported_and_the_description_says_so()
    {
        var (dir, truth) = TestScenarios.EndToEnd;
        var (report, lines) = await RunAsync(Replay(dir, truth) with { CameraLostAt = 6.0 });

        var events = lines.Where(l => l.GetProperty("topic").GetString() == "edge/events").Select(l => l.GetProperty("payload")).ToList();
        Assert.Contains(events, e => e.GetProperty("after").GetProperty("label").GetString() == "camera_missing");
        var lateSpeech = events.Where(e => e.GetProperty("after").GetProperty("label").GetString() == "speech"
                                           && e.GetProperty("type").GetString() == "new").Last();
        Assert.True(lateSpeech.GetProperty("after").GetProperty("degraded").GetBoolean(), lateSpeech.ToString());
        var scenes = lines.Where(l => l.GetProperty("topic").GetString() == "edge/scene").Select(l => l.GetProperty("payload")).ToList();
        Assert.Contains(scenes, s => s.GetProperty("degraded").GetBoolean()
                                     && s.GetProperty("text").GetString()!.StartsWith("The camera is unavailable", StringComparison.Ordinal)
                                     && s.GetProperty("text").GetString()!.Contains("Someone is speaking", StringComparison.Ordinal));
        Assert.Equal(90, report.Replay.Frames + report.Replay.DroppedFrames); // 6 s at 15 fps, then no frames
        Assert.True(report.Replay.AlignedComplete > 0, "frames went through the aligner");
    }

    [Fact]
    public async Task When_the_microphone_goes_away_vision_goes_on_degraded_and_the_next_description_still_names_what_is_seen()
    {
        var (dir, truth) = TestScenarios.EndToEnd;
        // Gone at 1 s; the stream monitor declares it missing after Audio:MissingTimeout (1 s), well before the cut at 4 s.
        // Played as edge eval plays (real time, every frame to the cascade), so a loaded machine does not also lose the
        // camera: at Realtime a decode that stalls past Camera:MissingTimeout made the first degraded description say
        // the camera was gone too. Meanwhile the frames wait for audio that never comes, holding the camera back, which
        // must not read as a missing camera either.
        var (report, lines) = await RunAsync(Replay(dir, truth) with { MicrophoneLostAt = 1.0, Pacing = ReplayPacing.RealtimeLossless });

        var lost = lines.FindIndex(l => l.GetProperty("topic").GetString() == "edge/events"
                                        && l.GetProperty("payload").GetProperty("after").GetProperty("label").GetString() == "microphone_missing");
        Assert.True(lost >= 0, "a microphone_missing event");
        var after = lines.Skip(lost + 1).ToList();
        var lostAt = lines[lost].GetProperty("payload").GetProperty("after").GetProperty("monotonic_ns").GetInt64();
        // Vision seen after the loss was reported; a tier-2 pass that began on an earlier frame may publish after the
        // report, about a moment the microphone was still there.
        var vision = after.Where(l => l.GetProperty("topic").GetString() == "edge/events")
            .Select(l => l.GetProperty("payload").GetProperty("after"))
            .Where(a => a.GetProperty("modality").GetString() == "vision" && a.GetProperty("monotonic_ns").GetInt64() > lostAt).ToList();
        Assert.NotEmpty(vision); // the cut to the cup at 4 s ends the face and the person and brings the cup
        Assert.All(vision, a => Assert.True(a.GetProperty("degraded").GetBoolean(), a.ToString()));
        // The first description that knows of the loss comes from a frame's full pass, with the tracker intact: the person
        // of the first shot (0–4 s) is still named, not forgotten by a pass without a frame. (A pass that began before the
        // loss was reported describes its frame without it; the frame fed right after the report may be stamped before
        // it, having waited for audio that never came.)
        var said = after.First(l => l.GetProperty("topic").GetString() == "edge/scene"
                                    && l.GetProperty("payload").GetProperty("degraded").GetBoolean()).GetProperty("payload");
        Assert.Contains("person", truth.Shots[0].Labels());
        Assert.True(said.GetProperty("text").GetString()!.StartsWith("The microphone is unavailable; I can only see. A person ", StringComparison.Ordinal),
            $"{said} (lost at {(lostAt - report.Replay.Origin.Nanoseconds) / 1e9:F2} s)");
        Assert.DoesNotContain("no longer in view", said.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(said.GetProperty("degraded").GetBoolean());
    }
}
