namespace EdgeRuntime.Cascade.Detectors;

/// <summary>What every cascade model reports about itself for decision records and compute accounting.</summary>
public interface ICascadeModel
{
    /// <summary>Model name as in the manifest (e.g. <c>blazeface</c>, <c>centernet</c>, <c>silero-vad</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Any thread: stops the model call in progress on another thread (it then throws), so a stopping daemon does not
    /// wait for a full pass. Only for a stop: an interrupt that finds no call in progress stops the next one.
    /// </summary>
    void Interrupt()
    {
    }
}

/// <summary>Tier 1: finds faces in a frame at low resolution.</summary>
public interface IFaceDetector : ICascadeModel
{
    /// <summary>Writes up to <c>faces.Length</c> faces (label 0 = face), best first; returns how many.</summary>
    int Detect(ImageView image, Span<Detection> faces);
}

/// <summary>Tier 2: finds COCO objects in a frame at full resolution.</summary>
public interface IObjectDetector : ICascadeModel
{
    /// <summary>The label table <see cref="Detection.Label"/> indexes (COCO's 80 names).</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>Writes up to <c>objects.Length</c> detections above the model's threshold, best first; returns how many.</summary>
    int Detect(ImageView image, Span<Detection> objects);
}

/// <summary>Tier 1: speech probability per fixed-size hop of 16 kHz audio (stateful across hops).</summary>
public interface IVoiceActivityDetector : ICascadeModel
{
    /// <summary>Samples per hop the model takes (silero v5: 512 at 16 kHz).</summary>
    int HopSamples { get; }

    /// <summary>Speech probability, 0–1, for the next hop (exactly <see cref="HopSamples"/> samples, full scale ±1).</summary>
    float Process(ReadOnlySpan<float> hop);

    /// <summary>Forgets the recurrent state (after a gap in the audio).</summary>
    void Reset();
}

/// <summary>A line of text read in a frame.</summary>
/// <param name="Text">The recognised characters.</param>
/// <param name="Score">Recognition confidence, 0–1.</param>
/// <param name="Box">Where the line is.</param>
public sealed record TextLine(string Text, float Score, Box Box);

/// <summary>Tier 2: detects and reads text (OCR).</summary>
public interface ITextReader : ICascadeModel
{
    /// <summary>Reads every text line found in the frame. Tier 2 only; allocates its result.</summary>
    IReadOnlyList<TextLine> Read(ImageView image);

    /// <summary>
    /// Reads the whole frame at full resolution, every line, for a user's "read text": the lines in reading order
    /// (top to bottom, each left to right) and the text regions found that could not be read. Tier 2 only.
    /// </summary>
    TextPage ReadPage(ImageView image);
}

/// <summary>What a full-resolution read of a frame found.</summary>
/// <param name="Lines">The lines read, top to bottom; a line's parts are joined left to right.</param>
/// <param name="Unreadable">Lines of print found but too small to read (or read below the confidence floor while small); their text is empty.</param>
/// <param name="Illegible">
/// Regions large enough to read that read like text, but below the confidence floor (stylised or blurred lettering);
/// their text is empty. Regions that read like nothing (textures the detector took for text) are in neither list.
/// </param>
public sealed record TextPage(IReadOnlyList<TextLine> Lines, IReadOnlyList<TextLine> Unreadable, IReadOnlyList<TextLine>? Illegible = null)
{
    /// <summary>The illegible regions (none when not given).</summary>
    public IReadOnlyList<TextLine> IllegibleRegions => Illegible ?? [];
}
