using System.Device.I2c;

namespace EdgeRuntime.Testing.Simulation;

/// <summary>
/// A VL53L0X on an I2C bus without hardware (CI has no <c>/dev/i2c-*</c>): a System.Device.I2c <see cref="I2cDevice"/>
/// holding the sensor's register file, so Iot.Device.Bindings' real <c>Vl53L0X</c> binding resets, initialises,
/// calibrates and ranges against it. It answers the reads that binding makes, as the datasheet and ST's API describe
/// the registers:
/// <list type="bullet">
/// <item>a write's first byte sets the register pointer, later bytes go to consecutive registers, and reads continue
/// from the pointer (auto-increment); register 0xFF selects the page the others are on;</item>
/// <item>reference registers after reset: 0xC0 = 0xEE (model id), 0xC1 = 0xAA, 0xC2 = 0x10 (revision), 0x51..0x52 = 0x0099, 0x61 = 0x00;</item>
/// <item>SYSRANGE_START (0x00, page 0): bit 0 starts a single shot or a calibration (it reads back cleared once
/// started), 0x02 back-to-back and 0x04 timed continuous ranging; RESULT_INTERRUPT_STATUS (0x13) reads 0x04 when a
/// result is ready; the range is the 16-bit big-endian value at RESULT_RANGE_STATUS + 10 (0x1E); writing 1 to
/// SYSTEM_INTERRUPT_CLEAR (0x0B) clears it, and in continuous mode the next result follows;</item>
/// <item>the NVM read-out on page 7: writing an index to 0x94 and 0x00 to 0x83 loads that NVM word into 0x90..0x93
/// and makes 0x83 read non-zero (the strobe).</item>
/// </list>
/// The test sets what the sensor sees (<see cref="Millimetres"/>), can unplug it (<see cref="Present"/>: every
/// transfer then fails as Linux reports a missing device) or stall it (<see cref="Stalled"/>: no result ever becomes
/// ready), and can read back the register file and count transfers.
/// </summary>
/// <remarks>
/// Design: the code under test calls the transfer methods from its sensor loop; the test sets the three volatile
/// knobs from its own thread and reads registers under <c>_gate</c>, which guards the register file and pointer.
/// </remarks>
public sealed class FakeVl53L0x : I2cDevice
{
    private const byte SysrangeStart = 0x00;
    private const byte InterruptClear = 0x0B;
    private const byte InterruptStatus = 0x13;
    private const byte RangeResult = 0x14 + 10;
    private const byte NvmIndex = 0x94;
    private const byte Strobe = 0x83;
    private const byte PageSelect = 0xFF;

    private readonly Lock _gate = new();
    private readonly Dictionary<(byte Page, byte Register), byte> _registers = [];
    private readonly Dictionary<byte, uint> _nvm;
    private byte _page;
    private byte _pointer;
    private bool _continuous;
    private bool _resultReady;
    private bool _strobePending;
    private volatile int _millimetres = 8190;
    private volatile bool _present = true;
    private volatile bool _stalled;
    private long _transfers;

    /// <summary>A sensor at <paramref name="address"/> on bus <paramref name="bus"/>, as after power-up.</summary>
    public FakeVl53L0x(int bus = 1, int address = 0x29, byte modelId = 0xEE)
    {
        ConnectionSettings = new I2cConnectionSettings(bus, address);
        foreach (var (register, value) in new (byte, byte)[] { (0xC0, modelId), (0xC1, 0xAA), (0xC2, 0x10), (0x51, 0x00), (0x52, 0x99), (0x61, 0x00) })
        {
            _registers[(0, register)] = value;
        }
        for (byte r = 0xB0; r <= 0xB5; r++)
        {
            _registers[(0, r)] = 0xFF; // the reference SPAD map: every SPAD available, the binding enables its count
        }
        _nvm = new Dictionary<byte, uint>
        {
            [0x02] = 0x01_000000, // module id 1
            [0x6B] = 0x0000_8500, // reference SPADs: aperture type, 5 of them (byte 0x92)
            [0x7B] = 0x01_000000, // part UID upper: revision 1.
            [0x7C] = 0x01_000000, // part UID lower: .1
        };
        var product = EncodeProductId("VL53L0CBV0DH/1$5");
        for (var i = 0; i < 4; i++)
        {
            _nvm[(byte)(0x77 + i)] = product[i];
        }
    }

    /// <summary>What the sensor sees, in millimetres (8190: nothing in range, as the sensor reports it).</summary>
    public int Millimetres
    {
        get => _millimetres;
        set => _millimetres = value;
    }

    /// <summary>False: unplugged (every transfer fails with errno 121, as the kernel's I2C driver reports a NACK).</summary>
    public bool Present
    {
        get => _present;
        set => _present = value;
    }

    /// <summary>True: the sensor stops producing results (a hung sensor; the binding times out).</summary>
    public bool Stalled
    {
        get => _stalled;
        set => _stalled = value;
    }

    /// <summary>Transfers so far (writes, reads and combined ones).</summary>
    public long Transfers => Interlocked.Read(ref _transfers);

    /// <summary>Whether the binding disposed the device.</summary>
    public bool Disposed { get; private set; }

    /// <inheritdoc />
    public override I2cConnectionSettings ConnectionSettings { get; }

    /// <summary>A register's value on <paramref name="page"/>.</summary>
    public byte Register(byte register, byte page = 0)
    {
        lock (_gate)
        {
            return _registers.GetValueOrDefault(((byte)page, register));
        }
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            Transfer();
            WriteLocked(buffer);
        }
    }

    /// <inheritdoc />
    public override void Read(Span<byte> buffer)
    {
        lock (_gate)
        {
            Transfer();
            ReadLocked(buffer);
        }
    }

    /// <inheritdoc />
    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        lock (_gate)
        {
            Transfer();
            WriteLocked(writeBuffer);
            ReadLocked(readBuffer);
        }
    }

    private void Transfer()
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        Interlocked.Increment(ref _transfers);
        if (!_present)
        {
            // What System.Device.I2c's UnixI2cDevice throws when the ioctl fails with EREMOTEIO (no ACK).
            throw new IOException("Error 121 performing I2C data transfer.");
        }
    }

    private void WriteLocked(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }
        _pointer = buffer[0];
        foreach (var value in buffer[1..])
        {
            Store(_pointer++, value);
        }
    }

    private void ReadLocked(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = Load(_pointer++);
        }
    }

    private void Store(byte register, byte value)
    {
        if (register == PageSelect)
        {
            _page = value;
            return;
        }
        _registers[(_page, register)] = value;
        switch (_page, register)
        {
            case (0, SysrangeStart):
                _continuous = (value & 0x06) != 0;
                if ((value & 0x07) != 0)
                {
                    Measure(); // a single shot, a calibration or the first continuous result
                }
                break;
            case (0, InterruptClear) when (value & 0x01) != 0:
                _resultReady = false;
                break;
            case (7, Strobe) when value == 0x00:
                _strobePending = true;
                var word = _nvm.GetValueOrDefault(_registers.GetValueOrDefault(((byte)7, NvmIndex)));
                for (var i = 0; i < 4; i++)
                {
                    _registers[(7, (byte)(0x90 + i))] = (byte)(word >> (24 - 8 * i));
                }
                break;
            case (7, Strobe):
                _strobePending = false;
                break;
        }
    }

    private byte Load(byte register)
    {
        if (register == PageSelect)
        {
            return _page;
        }
        switch (_page, register)
        {
            case (0, SysrangeStart):
                return (byte)(_registers.GetValueOrDefault(((byte)0, SysrangeStart)) & ~0x01); // started: the start bit self-clears
            case (0, InterruptStatus):
                if (!_resultReady && _continuous)
                {
                    Measure();
                }
                return _resultReady ? (byte)0x04 : (byte)0x00;
            case (7, Strobe) when _strobePending:
                return 0x10;
            default:
                return _registers.GetValueOrDefault((_page, register));
        }
    }

    // A new result: range status "valid" (11 in bits 6..3) and the distance, unless the sensor is stalled.
    private void Measure()
    {
        if (_stalled)
        {
            return;
        }
        var mm = (ushort)Math.Clamp(_millimetres, 0, 8190);
        _registers[(0, 0x14)] = 0x0B << 3;
        _registers[(0, RangeResult)] = (byte)(mm >> 8);
        _registers[(0, RangeResult + 1)] = (byte)mm;
        _resultReady = true;
    }

    // The product id is stored as 7-bit characters packed big-endian across four NVM words (ST's API decodes it so).
    private static uint[] EncodeProductId(string text)
    {
        var bits = new List<bool>(128);
        foreach (var c in text.PadRight(18, ' ')[..18])
        {
            for (var b = 6; b >= 0; b--)
            {
                bits.Add(((c >> b) & 1) != 0);
            }
        }
        while (bits.Count < 128)
        {
            bits.Add(false);
        }
        var words = new uint[4];
        for (var i = 0; i < 128; i++)
        {
            words[i / 32] = (words[i / 32] << 1) | (bits[i] ? 1u : 0u);
        }
        return words;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
