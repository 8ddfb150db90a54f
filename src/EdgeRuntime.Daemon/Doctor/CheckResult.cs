namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// One line of <c>edge doctor</c>: a check's name, whether it passed, what was found (or what is wrong) and, for a
/// failure, what to do about it.
/// </summary>
/// <param name="Check">The check's short name (<c>camera</c>, <c>broker</c>, ...), the same in text and JSON.</param>
/// <param name="Ok">True when the check passed (a part that is not configured passes, saying so).</param>
/// <param name="Found">What was found, or for a failure what is wrong, naming the key, file, device or address.</param>
/// <param name="Fix">For a failure, what to do; null when the check passed.</param>
internal sealed record CheckResult(string Check, bool Ok, string Found, string? Fix)
{
    /// <summary>A passed check.</summary>
    public static CheckResult Pass(string check, string found) => new(check, true, found, null);

    /// <summary>A failed check and what to do about it.</summary>
    public static CheckResult Fail(string check, string wrong, string fix) => new(check, false, wrong, fix);
}
