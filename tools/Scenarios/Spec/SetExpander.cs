namespace EdgeRuntime.Tools.Scenarios.Spec;

/// <summary>
/// Turns a <see cref="SetSpec"/> into concrete scenarios with a seeded <see cref="Random"/> (seeded Random is the
/// stable legacy algorithm, so the same seed gives the same set on every machine and .NET version).
/// Each scenario alternates people shots and other shots, puts most utterances over people and some over nobody,
/// leaves silent stretches, adds one or two noise bursts and one sign. Photos are dealt from each pool like cards (every
/// photo once before any twice), so the whole catalog is seen.
/// </summary>
public static class SetExpander
{
    private static readonly string[] Cameras = ["static", "pan-left", "pan-right", "zoom-in", "zoom-out", "shake"];

    public static IReadOnlyList<ScenarioSpec> Expand(SetSpec set)
    {
        var random = new Random(set.Seed);
        var scenarios = new List<ScenarioSpec>(set.Count);
        var sentence = random.Next(set.Sentences.Count);
        var (people, others, backgrounds) = (new Deck(set.PeopleImages, random), new Deck(set.OtherImages, random), new Deck(set.SignBackgrounds, random));
        for (var i = 0; i < set.Count; i++)
        {
            var shots = new List<ShotSpec>();
            var speech = new List<SpeechSpec>();
            var t = 0.0;
            var signShot = 2 + random.Next(3);
            for (var k = 0; t < set.Seconds - 0.01; k++)
            {
                var length = Math.Min(5 + random.Next(4), set.Seconds - t);
                if (set.Seconds - t - length < 3)
                {
                    length = set.Seconds - t; // no stub shot at the end
                }
                var person = k % 2 == 0;
                string image;
                string? sign = null;
                if (k == signShot)
                {
                    image = backgrounds.Next();
                    sign = Pick(random, set.Signs);
                    person = false;
                }
                else
                {
                    image = person ? people.Next() : others.Next();
                }
                shots.Add(new ShotSpec(image, length, Cameras[random.Next(Cameras.Length)], sign));
                // Speech: usually over people, sometimes over nobody, sometimes none at all (silence).
                var roll = random.NextDouble();
                if ((person && roll < 0.8) || (!person && roll < 0.3))
                {
                    var at = Math.Round(t + 0.5 + random.NextDouble() * Math.Max(0, length - 4.5), 2);
                    speech.Add(new SpeechSpec(at, set.Sentences[sentence++ % set.Sentences.Count],
                        Pick(random, set.Voices), 150 + random.Next(40), -4 - random.Next(8)));
                }
                t += length;
            }
            var noise = new List<NoiseSpec>();
            var bursts = 1 + random.Next(2);
            for (var b = 0; b < bursts; b++)
            {
                noise.Add(new NoiseSpec(Math.Round(2 + random.NextDouble() * (set.Seconds - 5), 2), 0.5 + random.Next(3) * 0.5,
                    random.Next(2) == 0 ? "pink" : "white", -20 - random.Next(10)));
            }
            scenarios.Add(new ScenarioSpec($"{set.NamePrefix}{i:D2}", shots, speech, noise, -60 + random.Next(6)));
        }
        return scenarios;
    }

    private static string Pick(Random random, IReadOnlyList<string> pool) => pool[random.Next(pool.Count)];

    /// <summary>A pool dealt in a seeded shuffled order, reshuffled when used up.</summary>
    private sealed class Deck(IReadOnlyList<string> pool, Random random)
    {
        private readonly List<string> _left = [];

        public string Next()
        {
            if (_left.Count == 0)
            {
                _left.AddRange(pool);
                for (var i = _left.Count - 1; i > 0; i--)
                {
                    var j = random.Next(i + 1);
                    (_left[i], _left[j]) = (_left[j], _left[i]);
                }
            }
            var next = _left[^1];
            _left.RemoveAt(_left.Count - 1);
            return next;
        }
    }
}
