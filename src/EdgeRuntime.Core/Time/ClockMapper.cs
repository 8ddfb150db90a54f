namespace EdgeRuntime.Core.Time;

/// <summary>
/// Maps a device clock (an ADC sample counter, a stream clock, a file's presentation time) onto the monotonic
/// clock, estimating offset and drift continuously from (device time, observed monotonic time) pairs.
/// </summary>
/// <remarks>
/// <para>Model: <c>monotonic = origin + (1 + drift) · device·NanosecondsPerTick + offset + noise</c>. The fit is an
/// ordinary least-squares line over the last <see cref="ClockMapperOptions.Window"/> observations, refitted with
/// the points farther than <see cref="ClockMapperOptions.OutlierSigmas"/> robust deviations (median absolute
/// deviation) dropped, so a scheduling stall that delivers a block 200 ms late moves nothing. Jitter is assumed to be
/// centred on the true time plus a constant latency; that constant ends up in the offset, where a caller that knows
/// it (a driver's reported buffer latency) subtracts it from the observation before <see cref="Observe"/>.</para>
/// <para>A run of <see cref="ClockMapperOptions.RelockAfter"/> outliers in a row means the device clock jumped, and the
/// mapper starts over from the new observations.</para>
/// <para>Not thread-safe: one owner (the sensor's capture thread) observes and maps. Allocation-free after construction.</para>
/// </remarks>
public sealed class ClockMapper
{
    // Below this many points the robust scale is not known yet, so nothing is called an outlier.
    private const int MinPointsForGating = 16;

    private readonly ClockMapperOptions _options;
    private readonly int _mask;
    private readonly double _floorNs;

    // The window: device ticks relative to _deviceOrigin, and residuals against the nominal rate, in ns.
    private readonly double[] _x;
    private readonly double[] _r;
    private readonly double[] _scratch;
    private readonly bool[] _inlier;
    private long _count;
    private long _sinceFit;
    private int _consecutiveOutliers;

    private bool _hasOrigin;
    private long _deviceOrigin;
    private long _monotonicOrigin;

    // The current fit: residual(x) = _offsetNs + _drift * x.
    private double _offsetNs;
    private double _drift;
    private double _scaleNs;

    /// <summary>Creates a mapper.</summary>
    public ClockMapper(ClockMapperOptions? options = null)
    {
        _options = options ?? new ClockMapperOptions();
        _options.Validate();
        _mask = _options.Window - 1;
        _floorNs = _options.OutlierFloor.Ticks * 100.0;
        _x = new double[_options.Window];
        _r = new double[_options.Window];
        _scratch = new double[_options.Window];
        _inlier = new bool[_options.Window];
    }

    /// <summary>True once at least one observation has been made, so <see cref="Map"/> has something to go on.</summary>
    public bool HasObservations => _hasOrigin;

    /// <summary>Observations accepted since the last (re)lock.</summary>
    public long Observations => _count;

    /// <summary>Observations rejected as outliers (since construction).</summary>
    public long Outliers { get; private set; }

    /// <summary>How many times the mapper dropped its fit because the device clock jumped.</summary>
    public int Relocks { get; private set; }

    /// <summary>The estimated drift of the device clock against monotonic, in parts per million (positive: device slow).</summary>
    public double DriftPpm => _drift * 1e6;

    /// <summary>The robust standard deviation of the observations around the fit: the observation jitter.</summary>
    public TimeSpan Jitter => TimeSpan.FromTicks((long)(_scaleNs / 100));

    /// <summary>Records that device time <paramref name="deviceTicks"/> was observed at monotonic <paramref name="observed"/>.</summary>
    /// <returns>False when the observation was judged an outlier (it is kept out of the fit).</returns>
    public bool Observe(long deviceTicks, Timestamp observed)
    {
        if (!_hasOrigin)
        {
            Lock(deviceTicks, observed);
        }
        var x = (deviceTicks - _deviceOrigin) * _options.NanosecondsPerTick;
        var r = observed.Nanoseconds - _monotonicOrigin - x;

        var outlier = false;
        if (_count >= MinPointsForGating)
        {
            var expected = _offsetNs + _drift * x;
            var threshold = Math.Max(_floorNs, _options.OutlierSigmas * _scaleNs);
            outlier = Math.Abs(r - expected) > threshold;
        }
        if (outlier)
        {
            Outliers++;
            if (++_consecutiveOutliers >= _options.RelockAfter)
            {
                Relocks++;
                Lock(deviceTicks, observed);
                x = 0;
                r = 0;
            }
            else
            {
                return false;
            }
        }
        _consecutiveOutliers = 0;

        var slot = (int)(_count & _mask);
        _x[slot] = x;
        _r[slot] = r;
        _count++;
        if (_count <= _options.Window / 8 || ++_sinceFit >= _options.RefitEvery)
        {
            Fit();
        }
        return !outlier;
    }

    /// <summary>The monotonic time of device time <paramref name="deviceTicks"/> under the current fit.</summary>
    /// <exception cref="InvalidOperationException">Nothing has been observed yet.</exception>
    public Timestamp Map(long deviceTicks)
    {
        if (!_hasOrigin)
        {
            throw new InvalidOperationException("the clock mapper has no observation yet");
        }
        var x = (deviceTicks - _deviceOrigin) * _options.NanosecondsPerTick;
        return new Timestamp(_monotonicOrigin + (long)Math.Round(x + _offsetNs + _drift * x));
    }

    /// <summary>Forgets every observation; the next one locks the mapper afresh.</summary>
    public void Reset()
    {
        _hasOrigin = false;
        _count = 0;
        _sinceFit = 0;
        _consecutiveOutliers = 0;
        _offsetNs = 0;
        _drift = 0;
        _scaleNs = 0;
    }

    private void Lock(long deviceTicks, Timestamp observed)
    {
        Reset();
        _hasOrigin = true;
        _deviceOrigin = deviceTicks;
        _monotonicOrigin = observed.Nanoseconds;
    }

    private void Fit()
    {
        _sinceFit = 0;
        var n = (int)Math.Min(_count, _options.Window);
        for (var i = 0; i < n; i++)
        {
            _inlier[i] = true;
        }
        // Least squares, then two rounds of dropping points beyond k·MAD and refitting.
        LeastSquares(n);
        for (var round = 0; round < 2 && n >= 8; round++)
        {
            for (var i = 0; i < n; i++)
            {
                _scratch[i] = Math.Abs(_r[i] - (_offsetNs + _drift * _x[i]));
            }
            var mad = Median(_scratch.AsSpan(0, n));
            _scaleNs = 1.4826 * mad;
            var threshold = Math.Max(_floorNs, _options.OutlierSigmas * _scaleNs);
            for (var i = 0; i < n; i++)
            {
                _inlier[i] = Math.Abs(_r[i] - (_offsetNs + _drift * _x[i])) <= threshold;
            }
            LeastSquares(n);
        }
    }

    private void LeastSquares(int n)
    {
        double sx = 0, sr = 0, m = 0;
        for (var i = 0; i < n; i++)
        {
            if (_inlier[i])
            {
                sx += _x[i];
                sr += _r[i];
                m++;
            }
        }
        if (m == 0)
        {
            return;
        }
        var mx = sx / m;
        var mr = sr / m;
        double sxx = 0, sxr = 0;
        for (var i = 0; i < n; i++)
        {
            if (_inlier[i])
            {
                var dx = _x[i] - mx;
                sxx += dx * dx;
                sxr += dx * (_r[i] - mr);
            }
        }
        // With all points at (nearly) one device time the slope is unknowable: keep the nominal rate.
        var drift = sxx > 1e6 ? sxr / sxx : 0;
        var max = _options.MaxDriftPpm * 1e-6;
        _drift = Math.Clamp(drift, -max, max);
        _offsetNs = mr - _drift * mx;
    }

    // Quickselect on the caller's scratch span: O(n), no allocation; the span is reordered.
    private static double Median(Span<double> values)
    {
        var k = values.Length / 2;
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = values[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }
                while (values[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }
        return values[k];
    }
}
