using System.Collections.Concurrent;
using EdgeRuntime.Interop.Gpiod;
using EdgeRuntime.Sensors.Gpio;

namespace EdgeRuntime.Testing.Simulation;

/// <summary>
/// GPIO lines without a chip (CI has none): inputs replay the edges a test pushes, outputs record what was written
/// and when. Everything above <see cref="IGpioLines"/> (controller, debouncing, press detection, the daemon's wiring)
/// stays real.
/// </summary>
public sealed class FakeGpioLines(TimeProvider time) : IGpioLines
{
    /// <summary>Inputs by line, as the code under test requested them (it requests them on its own thread).</summary>
    public ConcurrentDictionary<int, FakeInput> Inputs { get; } = [];

    /// <summary>Outputs by line.</summary>
    public ConcurrentDictionary<int, FakeOutput> Outputs { get; } = [];

    /// <summary>Whether the chip was closed.</summary>
    public bool Disposed { get; private set; }

    /// <inheritdoc />
    public IGpioInput OpenInput(int line, bool activeLow, bool pullUp) => Inputs[line] = new FakeInput();

    /// <inheritdoc />
    public IGpioOutput OpenOutput(int line) => Outputs[line] = new FakeOutput(time);

    /// <inheritdoc />
    public void Dispose() => Disposed = true;

    /// <summary>An input whose edges the test pushes, stamped as the kernel would (CLOCK_MONOTONIC ns).</summary>
    public sealed class FakeInput : IGpioInput
    {
        private readonly BlockingCollection<GpioEdge> _edges = [];

        /// <summary>Whether the line was released.</summary>
        public bool Released { get; private set; }

        /// <summary>Queues an edge for the watcher.</summary>
        public void Push(bool rising, long stampNs) => _edges.Add(new GpioEdge(rising, stampNs));

        /// <inheritdoc />
        public bool Read() => false;

        /// <inheritdoc />
        // Real time bounds the wait, whatever clock the test injects, so the watching thread stays responsive.
        public bool TryWaitForEdge(TimeSpan timeout, out GpioEdge edge) => _edges.TryTake(out edge, TimeSpan.FromMilliseconds(Math.Min(5, timeout.TotalMilliseconds)));

        /// <inheritdoc />
        public void Dispose() => Released = true;
    }

    /// <summary>An output that records every write with the injected clock's time.</summary>
    public sealed class FakeOutput(TimeProvider time) : IGpioOutput
    {
        private readonly List<(TimeSpan At, bool On)> _writes = [];

        /// <summary>The writes so far.</summary>
        public IReadOnlyList<(TimeSpan At, bool On)> Writes
        {
            get
            {
                lock (_writes)
                {
                    return _writes.ToArray();
                }
            }
        }

        /// <inheritdoc />
        public void Write(bool on)
        {
            lock (_writes)
            {
                _writes.Add((TimeSpan.FromTicks(time.GetTimestamp() * TimeSpan.TicksPerSecond / time.TimestampFrequency), on));
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
        }
    }
}
