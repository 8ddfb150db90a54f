namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// The <c>edge</c> user the service runs as, read from <c>passwd</c> and <c>group</c>: a device check run by another
/// user (root, the person at the board) proves only that <em>they</em> can open the device, so it also says whether
/// <c>edge</c> is in the group that owns it (<c>video</c> for cameras, <c>audio</c> for microphones, <c>gpio</c>,
/// <c>i2c</c>), as the package's postinst arranges where the group exists.
/// </summary>
internal sealed class ServiceAccount
{
    /// <summary>The service's user name (hardware/systemd/edge.service, the package's postinst).</summary>
    public const string User = "edge";

    private readonly string _runningAs;
    private readonly bool _exists;
    private readonly Dictionary<string, HashSet<string>> _members;

    private ServiceAccount(string runningAs, bool exists, Dictionary<string, HashSet<string>> members)
    {
        _runningAs = runningAs;
        _exists = exists;
        _members = members;
    }

    /// <summary>Reads <c>passwd</c> and <c>group</c> under <paramref name="etcRoot"/> (missing files read as empty).</summary>
    public static ServiceAccount Read(string etcRoot, string runningAs)
    {
        var gid = (string?)null;
        foreach (var fields in Lines(Path.Combine(etcRoot, "passwd")))
        {
            if (fields.Length > 3 && fields[0] == User)
            {
                gid = fields[3];
            }
        }
        var members = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var fields in Lines(Path.Combine(etcRoot, "group")))
        {
            if (fields.Length < 3)
            {
                continue;
            }
            var users = fields.Length > 3 ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal) : [];
            if (gid is not null && fields[2] == gid)
            {
                users.Add(User); // the primary group
            }
            members[fields[0]] = users;
        }
        return new ServiceAccount(runningAs, gid is not null, members);
    }

    /// <summary>Whether this process runs as the service's user (then opening a device is the service's own test).</summary>
    public bool IsServiceUser => _runningAs == User;

    /// <summary>
    /// What the service's user lacks for a device owned by <paramref name="group"/>: null when nothing (this process is
    /// <c>edge</c>, or <c>edge</c> is in the group), else the failure and the command that mends it.
    /// </summary>
    public (string Wrong, string Fix)? Missing(string group)
    {
        if (IsServiceUser || !_exists || !_members.TryGetValue(group, out var users) || users.Contains(User))
        {
            return null;
        }
        return ($"the {User} user the service runs as is not in group {group}", $"sudo adduser {User} {group}, then sudo systemctl restart {User}");
    }

    /// <summary>A note for a passed device check: who opened it and whether the service's user may.</summary>
    public string Note(string group)
    {
        if (IsServiceUser)
        {
            return $"opened as the {User} user";
        }
        if (!_exists)
        {
            return $"opened as {_runningAs}; there is no {User} user here (the service's user needs group {group})";
        }
        return _members.ContainsKey(group)
            ? $"opened as {_runningAs}; the {User} user is in group {group}"
            : $"opened as {_runningAs}; this system has no {group} group";
    }

    private static IEnumerable<string[]> Lines(string path)
    {
        string[] lines;
        try
        {
            lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lines = [];
        }
        return lines.Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(':'));
    }
}
