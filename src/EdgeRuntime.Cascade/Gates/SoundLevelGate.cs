using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Gates;

/// <summary>
/// Tier 0 sound gate: RMS and dBFS per hop, a tracked noise floor (falls at once, rises slowly, so a long sound
/// does not become the floor within a sentence), and an open/closed verdict with hangover.
/// </summary>
/// <remarks>Contract: one caller, hops in increasing timestamp order; allocates nothing.</remarks>
public sealed class SoundLevelGate(SoundGateOptions options)
{
    private const float SilenceDbfs = -120;
    private float _floorDbfs = float.NaN;
    private Timestamp _lastHop = Timestamp.MinValue;
    private Timestamp _openUntil = Timestamp.MinValue;

    /// <summary>The options this gate runs with.</summary>
    public SoundGateOptions Options { get; } = options;

    /// <summary>Scores a hop of float samples (full scale ±1).</summary>
    public SoundLevel Process(ReadOnlySpan<float> hop, Timestamp timestamp)
    {
        double sum = 0;
        foreach (var v in hop)
        {
            sum += v * v;
        }
        return Decide(hop.Length == 0 ? 0 : (float)Math.Sqrt(sum / hop.Length), timestamp);
    }

    /// <summary>Scores a hop of 16-bit samples.</summary>
    public SoundLevel Process(ReadOnlySpan<short> hop, Timestamp timestamp)
    {
        double sum = 0;
        foreach (var v in hop)
        {
            sum += (double)v * v;
        }
        return Decide(hop.Length == 0 ? 0 : (float)(Math.Sqrt(sum / hop.Length) / 32768.0), timestamp);
    }

    /// <summary>dBFS of an RMS value (full scale 1), floored at −120.</summary>
    public static float ToDbfs(float rms) => rms <= 1e-6f ? SilenceDbfs : Math.Max(SilenceDbfs, 20f * MathF.Log10(rms));

    private SoundLevel Decide(float rms, Timestamp timestamp)
    {
        var db = ToDbfs(rms);
        if (float.IsNaN(_floorDbfs) || db < _floorDbfs)
        {
            _floorDbfs = db;
        }
        else if (_lastHop != Timestamp.MinValue)
        {
            var seconds = Math.Max(0, (timestamp - _lastHop).TotalSeconds);
            _floorDbfs = Math.Min(db, _floorDbfs + (float)(Options.FloorRiseDbPerSecond * seconds));
        }
        _lastHop = timestamp;
        var floor = _floorDbfs;
        var loud = db > Options.OpenAboveDbfs && db > floor + Options.MarginDb;
        if (loud)
        {
            _openUntil = timestamp + Options.Hangover;
        }
        return new SoundLevel(timestamp, rms, db, floor, loud || timestamp <= _openUntil);
    }
}
