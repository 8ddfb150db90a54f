namespace EdgeRuntime.Inference.Agreement;

/// <summary>Character agreement of a candidate transcript with the float one: 1 - edit distance / float transcript length.</summary>
public static class CharacterAgreement
{
    /// <summary>
    /// 1 - Levenshtein(reference, candidate) / reference.Length, floored at 0 (a candidate can be edited further from the
    /// reference than the reference is long). An empty reference agrees with an empty candidate only.
    /// </summary>
    public static double Of(string reference, string candidate)
    {
        if (reference.Length == 0) return candidate.Length == 0 ? 1.0 : 0.0;
        return Math.Max(0.0, 1.0 - (double)EditDistance(reference, candidate) / reference.Length);
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions of one char each cost 1), two rows of memory.</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
