using System.Collections.Concurrent;
using System.Text;

namespace EdgeRuntime.Output.Messages;

/// <summary>A topic name with its zero-terminated UTF-8 form, made once and shared (topics repeat constantly).</summary>
public sealed class Topic
{
    private static readonly ConcurrentDictionary<string, Topic> s_cache = new(StringComparer.Ordinal);

    private Topic(string name)
    {
        Name = name;
        var bytes = new byte[Encoding.UTF8.GetByteCount(name) + 1];
        Encoding.UTF8.GetBytes(name, bytes);
        Utf8Z = bytes;
    }

    /// <summary>The topic as text.</summary>
    public string Name { get; }

    /// <summary>UTF-8 with a terminating zero, as libmosquitto wants it.</summary>
    public byte[] Utf8Z { get; }

    /// <summary>The UTF-8 bytes without the terminator.</summary>
    public ReadOnlySpan<byte> Utf8 => Utf8Z.AsSpan(0, Utf8Z.Length - 1);

    /// <summary>The shared instance for <paramref name="name"/>.</summary>
    public static Topic Of(string name) => s_cache.GetOrAdd(name, static n => new Topic(n));

    /// <inheritdoc />
    public override string ToString() => Name;
}
