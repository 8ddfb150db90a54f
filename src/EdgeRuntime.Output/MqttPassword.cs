using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Output;

/// <summary>
/// Where the MQTT password comes from, at most one of: <c>Mqtt:Password</c> (inline), <c>Mqtt:PasswordFile</c> (a file
/// readable only by the service) or <c>Mqtt:PasswordCredential</c> (a systemd credential,
/// <c>$CREDENTIALS_DIRECTORY/&lt;name&gt;</c>, from <c>LoadCredential=</c>). With none of them and a credential named
/// <see cref="MqttOptions.DefaultCredential"/> loaded by the unit, that one is used. A trailing line break is not part
/// of the password. Errors name the key and the path, never the password.
/// </summary>
internal static class MqttPassword
{
    /// <summary>The password (null for none) and where it came from.</summary>
    public static (string? Password, string Source) Read(ConfigSection section, string home, string? credentialsDirectory)
    {
        var inline = section.GetString("Password", "");
        var file = section.GetString("PasswordFile", "").Trim();
        var credential = section.GetString("PasswordCredential", "").Trim();
        var given = (inline.Length > 0 ? 1 : 0) + (file.Length > 0 ? 1 : 0) + (credential.Length > 0 ? 1 : 0);
        if (given > 1)
        {
            section.Error(file.Length > 0 ? "PasswordFile" : "PasswordCredential", null, "only one of Mqtt:Password, Mqtt:PasswordFile and Mqtt:PasswordCredential");
            return (null, "none");
        }
        if (inline.Length > 0)
        {
            return (inline, "configuration");
        }
        if (file.Length > 0)
        {
            var path = Path.GetFullPath(file, home);
            return FromFile(section, "PasswordFile", file, path, "file " + path);
        }
        if (credential.Length > 0)
        {
            if (string.IsNullOrEmpty(credentialsDirectory))
            {
                section.Error("PasswordCredential", credential, "a credential loaded by the systemd unit (LoadCredential=), but CREDENTIALS_DIRECTORY is not set");
                return (null, "none");
            }
            if (credential.Contains('/', StringComparison.Ordinal) || credential is "." or "..")
            {
                section.Error("PasswordCredential", credential, "a credential name (no '/')");
                return (null, "none");
            }
            return FromFile(section, "PasswordCredential", credential, Path.Combine(credentialsDirectory, credential), "systemd credential " + credential);
        }
        if (!string.IsNullOrEmpty(credentialsDirectory) && File.Exists(Path.Combine(credentialsDirectory, MqttOptions.DefaultCredential)))
        {
            return FromFile(section, "PasswordCredential", MqttOptions.DefaultCredential,
                Path.Combine(credentialsDirectory, MqttOptions.DefaultCredential), "systemd credential " + MqttOptions.DefaultCredential);
        }
        return (null, "none");
    }

    private static (string?, string) FromFile(ConfigSection section, string key, string value, string path, string source)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            section.Error(key, value, $"a readable file holding the password ({path}: {e.Message})");
            return (null, "none");
        }
        var password = text.TrimEnd('\r', '\n');
        if (password.Length == 0)
        {
            section.Error(key, value, $"a file holding the password ({path} is empty)");
            return (null, "none");
        }
        return (password, source);
    }
}
