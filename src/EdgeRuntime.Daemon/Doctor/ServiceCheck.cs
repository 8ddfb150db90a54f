using System.Diagnostics;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// The <c>edge</c> systemd service's state, read only (<c>systemctl show</c>; nothing is started, stopped or
/// enabled). No systemctl, or systemd not running (a container, a chroot), is said and passes; a unit that failed or
/// keeps restarting fails, pointing at its journal.
/// </summary>
internal sealed class ServiceCheck(DoctorProbes probes) : IDoctorCheck
{
    /// <summary>The unit the package and hardware/systemd install.</summary>
    public const string Unit = "edge.service";

    /// <inheritdoc />
    public string Name => "service";

    /// <inheritdoc />
    public CheckResult Run()
    {
        var systemctl = DoctorProbes.FindExecutable(probes.Systemctl);
        var installed = probes.UnitDirs.Select(d => Path.Combine(d, Unit)).FirstOrDefault(File.Exists);
        var unitFile = installed is null ? $"{Unit} is not installed" : $"{Unit} is installed ({installed})";
        if (systemctl is null)
        {
            return CheckResult.Pass(Name, $"no systemctl on this machine (not a systemd system); {unitFile}; run edge by hand (edge run)");
        }
        if (!Directory.Exists(probes.SystemdRunDir))
        {
            return CheckResult.Pass(Name, $"systemd is not running here ({probes.SystemdRunDir} absent: a container or chroot); {unitFile}");
        }
        var (exit, output) = Show(systemctl);
        if (exit is null)
        {
            return CheckResult.Fail(Name, $"systemctl show {Unit} did not answer within {probes.SystemctlTimeout.TotalSeconds:0} s",
                "check systemd itself (systemctl status)");
        }
        return Judge(Name, ParseProperties(output));
    }

    /// <summary>Turns <c>systemctl show</c>'s properties into the verdict.</summary>
    public static CheckResult Judge(string name, IReadOnlyDictionary<string, string> properties)
    {
        string Get(string key) => properties.TryGetValue(key, out var v) ? v : "";
        var load = Get("LoadState");
        var active = Get("ActiveState");
        var sub = Get("SubState");
        var enabled = Get("UnitFileState");
        var state = $"{Unit} {active} ({sub}), {(enabled.Length > 0 ? enabled : "unit file state unknown")}";
        const string Journal = "journalctl -u edge -e shows why; edge run --profile <yours> in a terminal shows the same";
        return (load, active, sub) switch
        {
            ("not-found", _, _) => CheckResult.Pass(name, $"{Unit} is not installed (running from a checkout?); to install it: hardware/README.md"),
            ("masked", _, _) => CheckResult.Pass(name, $"{Unit} is masked (the package was removed?): sudo systemctl unmask edge to use it again"),
            (_, "active", _) => CheckResult.Pass(name, state),
            (_, "failed", _) => CheckResult.Fail(name, state, Journal),
            (_, "activating", "auto-restart") => CheckResult.Fail(name, $"{state}: it keeps failing and restarting", Journal),
            (_, "inactive", _) => CheckResult.Pass(name, $"{state}; start it with sudo systemctl enable --now edge"),
            _ when load.Length == 0 => CheckResult.Fail(name, $"systemctl show {Unit} gave no LoadState", "check systemd itself (systemctl status)"),
            _ => CheckResult.Pass(name, state),
        };
    }

    /// <summary>Parses <c>Key=Value</c> lines.</summary>
    public static IReadOnlyDictionary<string, string> ParseProperties(string output)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                properties[line[..eq]] = line[(eq + 1)..];
            }
        }
        return properties;
    }

    private (int? Exit, string Output) Show(string systemctl)
    {
        var info = new ProcessStartInfo(systemctl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["show", Unit, "--property=LoadState,ActiveState,SubState,UnitFileState", "--no-pager"])
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(probes.SystemctlTimeout))
        {
            process.Kill(entireProcessTree: true);
            return (null, "");
        }
        return (process.ExitCode, output.Result);
    }
}
