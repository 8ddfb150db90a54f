namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// One thing <c>edge doctor</c> looks at. A check probes through the seams of <see cref="DoctorProbes"/> (the real
/// device, library or process unless a test substitutes what this machine lacks) and answers with one
/// <see cref="CheckResult"/>; it never throws for what it finds and never waits longer than its own timeout.
/// </summary>
internal interface IDoctorCheck
{
    /// <summary>The check's short name, as in its result.</summary>
    string Name { get; }

    /// <summary>Probes and judges.</summary>
    CheckResult Run();
}
