using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Gates;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tracking;

/// <summary>
/// Turns tier-2 views (one detector pass each) into the objects in view, by label, with hysteresis in sensor time:
/// a label enters when a detection of it is confident, or when it keeps being seen, in enough views and in a large
/// enough share of the views since its first sighting; it leaves when it has not been
/// seen for <see cref="TrackingOptions.Hold"/> or the camera now looks elsewhere than where it was last seen. A
/// detector's frame-to-frame flicker near its threshold is therefore neither an entry nor an exit, however often the
/// detector runs. Every label reported carries the detections of its latest sighting, so descriptions still cite real
/// detections (with their own timestamps), and <see cref="Evidence.Since"/>: the first sighting of the streak that put it
/// in view, which is when it entered (as Frigate's event start time is its first frame, not the confirming one).
/// </summary>
/// <remarks>Contract: one caller (the tier-2 worker), views in sensor-time order.</remarks>
public sealed class ObjectTracker(TrackingOptions options)
{
    private readonly Dictionary<string, Track> _tracks = new(StringComparer.Ordinal);
    private readonly List<string> _gone = [];
    private readonly List<Departure> _departed = [];
    private long _cutsAtLastView = -1;
    private int _viewLooks; // looks at the current view: since the first view or the last cut

    /// <summary>
    /// True while some label is unsettled: seen but not confirmed, or in view but missing from the latest view and
    /// held; or while the view itself is new (the first, or after a cut) and has had fewer than
    /// <see cref="TrackingOptions.NewViewLooks"/> looks. Another look settles it either way.
    /// </summary>
    public bool Unsettled { get; private set; }

    /// <summary>
    /// True while the view (the first, or the one after the latest cut) has had fewer than
    /// <see cref="TrackingOptions.NewViewLooks"/> looks: what it lacks is not established yet (a person the first look
    /// missed may be found by the next).
    /// </summary>
    public bool NewView => _viewLooks < options.NewViewLooks;

    /// <summary>
    /// The labels that left the view in the latest <see cref="Update"/>, each at the first view that missed it (the
    /// cut, or the first look that did not find it before the hold ran out): when it left, however often the detector
    /// looks, as a speech segment ends when the voice stopped, not when the hangover ran out.
    /// </summary>
    public IReadOnlyList<Departure> Departed => _departed;

    /// <summary>
    /// Takes one view: <paramref name="detections"/> found in the frame at <paramref name="at"/> whose scene signature is
    /// <paramref name="view"/>, after <paramref name="cuts"/> shot cuts since the stream began. Returns the detections of
    /// every label now in view (latest sighting per label).
    /// </summary>
    public List<Evidence> Update(IReadOnlyList<Evidence> detections, Timestamp at, SceneSignature view, long cuts = 0)
    {
        if (cuts != _cutsAtLastView)
        {
            _cutsAtLastView = cuts;
            _viewLooks = 0;
        }
        _viewLooks++;
        foreach (var track in _tracks.Values)
        {
            track.Views++;
        }
        foreach (var group in detections.GroupBy(d => d.Label, StringComparer.Ordinal))
        {
            if (!_tracks.TryGetValue(group.Key, out var track))
            {
                track = new Track();
                _tracks[group.Key] = track;
            }
            var best = group.Max(d => d.Score);
            track.Sightings = track.LastSeen != Timestamp.MinValue && at - track.LastSeen <= options.Hold ? track.Sightings + 1 : 1;
            if (track.Sightings == 1)
            {
                track.FirstSeen = at;
                track.Views = 1;
            }
            track.InView |= best >= options.Confirm
                || (track.Sightings >= options.ConfirmViews && track.Sightings >= options.ConfirmFraction * track.Views);
            track.LastSeen = at;
            track.MissedSince = Timestamp.MaxValue;
            track.CutsAtSighting = cuts;
            track.Latest = group.Select(d => d with { Since = track.FirstSeen }).ToList();
            track.MostBoxes = track.Sightings == 1 ? track.Latest.Count : Math.Max(track.MostBoxes, track.Latest.Count);
            track.SeenFrom.CopyFrom(view);
        }
        _gone.Clear();
        _departed.Clear();
        var unsettled = false;
        foreach (var (label, track) in _tracks)
        {
            if (track.LastSeen == at)
            {
                unsettled |= !track.InView;
                continue;
            }
            if (track.MissedSince == Timestamp.MaxValue)
            {
                track.MissedSince = at;
            }
            var lookedAway = cuts > track.CutsAtSighting || (view.IsSet && track.SeenFrom.Distance(view) >= options.ViewChange);
            if (lookedAway || at - track.LastSeen > options.Hold)
            {
                _gone.Add(label);
                if (track.InView)
                {
                    _departed.Add(new Departure(label, track.MissedSince));
                }
            }
            else
            {
                unsettled = true;
            }
        }
        foreach (var label in _gone)
        {
            _tracks.Remove(label);
        }
        Unsettled = unsettled || _viewLooks < options.NewViewLooks;
        var inView = new List<Evidence>();
        foreach (var track in _tracks.Values)
        {
            if (track.InView)
            {
                inView.AddRange(track.Latest);
            }
        }
        return inView;
    }

    /// <summary>
    /// The most detections of <paramref name="label"/> one view held since the streak that put it in view began (0 when
    /// not tracked): a latest view with fewer boxes may have missed some, so a count said from it is only a lower bound.
    /// </summary>
    public int MostSeen(string label) => _tracks.TryGetValue(label, out var track) ? track.MostBoxes : 0;

    /// <summary>Forgets everything (the camera is gone: nothing is known to be in view).</summary>
    public void Clear()
    {
        _tracks.Clear();
        _departed.Clear();
        _cutsAtLastView = -1;
        Unsettled = false;
    }

    private sealed class Track
    {
        public Timestamp LastSeen = Timestamp.MinValue;
        public Timestamp FirstSeen;
        public Timestamp MissedSince = Timestamp.MaxValue;
        public long CutsAtSighting;
        public int Sightings;
        public int MostBoxes; // the most detections one view of the streak held
        public int Views; // views taken since the first sighting of the streak, that one included
        public bool InView;
        public List<Evidence> Latest = [];
        public readonly SceneSignature SeenFrom = new();
    }
}
