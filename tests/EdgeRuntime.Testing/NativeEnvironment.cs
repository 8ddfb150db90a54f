using System.Runtime.InteropServices;

namespace EdgeRuntime.Testing;

/// <summary>
/// Sets variables in the C library's environment, which native libraries read with <c>getenv</c> (alsa-lib reads
/// <c>ALSA_CONFIG_PATH</c>). <see cref="Environment.SetEnvironmentVariable(string, string)"/> only changes .NET's own copy on Unix.
/// </summary>
public static partial class NativeEnvironment
{
    /// <summary>Sets (or, with null, removes) <paramref name="name"/> for both .NET and native code.</summary>
    public static void Set(string name, string? value)
    {
        Environment.SetEnvironmentVariable(name, value);
        var rc = value is null ? UnsetEnv(name) : SetEnv(name, value, 1);
        if (rc != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UnsetEnv(string name);
}
