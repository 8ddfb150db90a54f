using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Gpiod;

/// <summary>The libgpiod v1.6 C API (Debian libgpiod2): chips, lines, requests, values and edge events.</summary>
internal static unsafe partial class Native
{
    /// <summary>The shared library's soname.</summary>
    public const string Library = "libgpiod.so.2";

    public const int FlagActiveLow = 1 << 2;
    public const int FlagBiasPullUp = 1 << 5;
    public const int EventRisingEdge = 1;
    public const int EventFallingEdge = 2;

    [LibraryImport(Library, EntryPoint = "gpiod_version_string")]
    public static partial nint VersionString();

    [LibraryImport(Library, EntryPoint = "gpiod_chip_open_lookup", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial ChipHandle ChipOpenLookup(string description);

    // Takes the raw pointer: it is what ChipHandle.ReleaseHandle calls.
    [LibraryImport(Library, EntryPoint = "gpiod_chip_close")]
    public static partial void ChipClose(nint chip);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_name")]
    public static partial nint ChipName(ChipHandle chip);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_label")]
    public static partial nint ChipLabel(ChipHandle chip);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_num_lines")]
    public static partial uint ChipNumLines(ChipHandle chip);

    // Lines belong to their chip (freed with it), so they stay raw pointers guarded by the chip's handle.
    [LibraryImport(Library, EntryPoint = "gpiod_chip_get_line", SetLastError = true)]
    public static partial nint ChipGetLine(ChipHandle chip, uint offset);

    [LibraryImport(Library, EntryPoint = "gpiod_line_name")]
    public static partial nint LineName(nint line);

    [LibraryImport(Library, EntryPoint = "gpiod_line_consumer")]
    public static partial nint LineConsumer(nint line);

    [LibraryImport(Library, EntryPoint = "gpiod_line_direction")]
    public static partial int LineDirection(nint line);

    [LibraryImport(Library, EntryPoint = "gpiod_line_is_used")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool LineIsUsed(nint line);

    [LibraryImport(Library, EntryPoint = "gpiod_line_request_both_edges_events_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LineRequestBothEdges(nint line, string consumer, int flags);

    [LibraryImport(Library, EntryPoint = "gpiod_line_request_output_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LineRequestOutput(nint line, string consumer, int flags, int defaultValue);

    [LibraryImport(Library, EntryPoint = "gpiod_line_release")]
    public static partial void LineRelease(nint line);

    [LibraryImport(Library, EntryPoint = "gpiod_line_get_value", SetLastError = true)]
    public static partial int LineGetValue(nint line);

    [LibraryImport(Library, EntryPoint = "gpiod_line_set_value", SetLastError = true)]
    public static partial int LineSetValue(nint line, int value);

    [LibraryImport(Library, EntryPoint = "gpiod_line_event_wait", SetLastError = true)]
    public static partial int LineEventWait(nint line, TimeSpec* timeout);

    [LibraryImport(Library, EntryPoint = "gpiod_line_event_read", SetLastError = true)]
    public static partial int LineEventRead(nint line, LineEvent* lineEvent);

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct LineEvent
    {
        public TimeSpec Timestamp;
        public int EventType;
    }
}

/// <summary>A <c>struct gpiod_chip*</c>; closed on release (which frees its lines too).</summary>
internal sealed class ChipHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        Native.ChipClose(handle);
        return true;
    }
}
