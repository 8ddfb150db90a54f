namespace EdgeRuntime.Core.Internal;

/// <summary>The padding unit that keeps producer-owned and consumer-owned fields on separate cache lines.</summary>
/// <remarks>128 bytes: arm64 cores (Cortex-A72/A76, Carmel) prefetch line pairs, and x64's adjacent-line prefetcher does too.</remarks>
internal static class CacheLine
{
    public const int Size = 128;
}
