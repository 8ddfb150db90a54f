using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Description;

/// <summary>
/// The answers to a user's request that a scene description does not give: the text read on "read text" (the lines in
/// reading order, or "I can't see any text", or "the text is too small to read; move closer"), "I can't see anything
/// I can name" when a "describe now" finds nothing to say, and a failed or impossible look said as such. A request is
/// always answered: silence would leave the user unsure whether the press was heard. Each clause cites what it rests
/// on (the lines and regions the reader found, the reader's pass, the camera's missing state, the failed model).
/// </summary>
public sealed class RequestAnswers(DescriptionTemplates templates)
{
    /// <summary>Answers with the shipped templates.</summary>
    public RequestAnswers()
        : this(DescriptionTemplates.Default)
    {
    }

    /// <summary>
    /// The answer to "read text" from a full-resolution read by <paramref name="model"/> at <paramref name="at"/>: one
    /// clause per line, as read (not reworded), top to bottom; else why nothing was read: text that is mostly too small
    /// to read (more regions unreadable than read), lettering large enough but not legible, or no text.
    /// </summary>
    public ComposedDescription Reading(TextPage page, string model, Timestamp at)
    {
        // Mostly unreadable: the few lines that passed are likely misreads of the same small print, and the useful
        // answer is to come closer.
        if (page.Lines.Count > 0 && page.Unreadable.Count + page.IllegibleRegions.Count <= page.Lines.Count)
        {
            var clauses = page.Lines.Select(line =>
            {
                var evidence = new Evidence(model, 2, "text", line.Score, line.Box, at, line.Text);
                return new Clause(line.Text, [evidence]) { Claims = [new Claim(ClaimKind.Text, line.Text, 1, [evidence])] };
            }).ToList();
            return Answer(clauses, at);
        }
        if (page.Unreadable.Count > 0)
        {
            return One("answer.text-too-small", page.Unreadable.Select(r => new Evidence(model, 2, "text-unreadable", r.Score, r.Box, at)).ToList(), at);
        }
        if (page.IllegibleRegions.Count > 0)
        {
            // Large enough to read, read like letters, but not surely: saying "no text" would be false if it is lettering,
            // reading it out would say a guess; the hedge says what was seen.
            return One("answer.text-illegible", page.IllegibleRegions.Select(r => new Evidence(model, 2, "text-illegible", r.Score, r.Box, at)).ToList(), at);
        }
        return One("answer.no-text", [new Evidence(model, 2, "no-text", 1f, null, at)], at);
    }

    /// <summary>"Describe now" with nothing to say: the detector pass by <paramref name="model"/> found nothing it names.</summary>
    public ComposedDescription NothingSeen(string model, Timestamp at) => One("answer.nothing", [new Evidence(model, 2, "nothing", 1f, null, at)], at);

    /// <summary>"Read text" while the camera is missing (<paramref name="camera"/>, its missing evidence).</summary>
    public ComposedDescription NoCamera(Evidence camera, Timestamp at) => One("answer.no-camera", [camera], at);

    /// <summary>"Read text" without a text reader configured (<c>Cascade:Models:OcrDetector</c> or <c>OcrRecognizer</c> empty).</summary>
    public ComposedDescription NoReader(Timestamp at) => One("answer.no-reader", [new Evidence("configuration", 2, "no-reader", 1f, null, at)], at);

    /// <summary>The pass that was to answer failed in <paramref name="stage"/>: said so, so the user can ask again.</summary>
    public ComposedDescription Failed(bool reading, string stage, Timestamp at) =>
        One(reading ? "answer.read-failed" : "answer.failed", [new Evidence(stage, 2, "failed", 0f, null, at)], at);

    private ComposedDescription One(string key, IReadOnlyList<Evidence> evidence, Timestamp at) =>
        Answer([new Clause(DescriptionTemplates.Fill(templates.Clause(key)), evidence)], at);

    private static ComposedDescription Answer(List<Clause> clauses, Timestamp at) => new(string.Join(' ', clauses.Select(c => c.Text)), clauses, at);
}
