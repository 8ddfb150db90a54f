using System.Collections.Concurrent;
using EdgeRuntime.Interop.Gpiod;
using EdgeRuntime.Sensors.Gpio;

namespace EdgeRuntime.Sensors.Tests.Gpio;

/// <summary>GPIO lines without a chip: inputs replay the edges a test pushes, outputs record what was written and when.</summary>
internal sealed class FakeGpioLines(TimeProvider time) : IGpioLines
{
    public Dictionary<int, FakeInput> Inputs { get; } = [];

    public Dictionary<int, FakeOutput> Outputs { get; } = [];

    public bool Disposed { get; private set; }

    public IGpioInput OpenInput(int line, bool activeLow, bool pullUp) => Inputs[line] = new FakeInput();

    public IGpioOutput OpenOutput(int line) => Outputs[line] = new FakeOutput(time);

    public void Dispose() => Disposed = true;

    internal sealed class FakeInput : IGpioInput
    {
        private readonly BlockingCollection<GpioEdge> _edges = [];

        public bool Released { get; private set; }

        public void Push(bool rising, long stampNs) => _edges.Add(new GpioEdge(rising, stampNs));

        public bool Read() => false;

        // Real time bounds the wait so the watching thread stays responsive; the test's clock is the manual one.
        public bool TryWaitForEdge(TimeSpan timeout, out GpioEdge edge) => _edges.TryTake(out edge, TimeSpan.FromMilliseconds(Math.Min(5, timeout.TotalMilliseconds)));

        public void Dispose() => Released = true;
    }

    internal sealed class FakeOutput(TimeProvider time) : IGpioOutput
    {
        private readonly List<(TimeSpan At, bool On)> _writes = [];

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

        public void Write(bool on)
        {
            lock (_writes)
            {
                _writes.Add((TimeSpan.FromTicks(time.GetTimestamp() * TimeSpan.TicksPerSecond / time.TimestampFrequency), on));
            }
        }

        public void Dispose()
        {
        }
    }
}
