using System.Numerics.Tensors;

namespace EdgeRuntime.Inference.Encoders.Ocr;

/// <summary>
/// Greedy CTC decoding for a text recognizer: the most likely class at each time step, repeats collapsed, blanks
/// dropped, classes mapped through the dictionary. PaddleOCR's layout: class 0 is the blank, classes 1..N are the
/// dictionary lines, and class N+1 is a space when the model was trained with spaces.
/// </summary>
/// <remarks>Immutable after construction and allocation-free per call, so one instance may serve many threads.</remarks>
public sealed class CtcGreedyDecoder
{
    private readonly string[] _classes;

    /// <summary>Creates a decoder over class strings (index 0 must be the blank).</summary>
    public CtcGreedyDecoder(IReadOnlyList<string> classes)
    {
        if (classes.Count < 2)
        {
            throw new ArgumentException("a CTC decoder needs the blank and at least one class", nameof(classes));
        }
        _classes = [.. classes];
    }

    /// <summary>Reads a PaddleOCR dictionary (one entry a line) and adds the blank first and, if asked, a space last.</summary>
    public static CtcGreedyDecoder FromDictionaryFile(string path, bool withSpace = true)
    {
        var lines = File.ReadAllText(path).Split('\n');
        var entries = lines.Select(l => l.TrimEnd('\r')).ToList();
        if (entries.Count > 0 && entries[^1].Length == 0)
        {
            entries.RemoveAt(entries.Count - 1);
        }
        var classes = new List<string>(entries.Count + 2) { "" };
        classes.AddRange(entries);
        if (withSpace)
        {
            classes.Add(" ");
        }
        return new CtcGreedyDecoder(classes);
    }

    /// <summary>The number of classes the model's last axis must have.</summary>
    public int ClassCount => _classes.Length;

    /// <summary>
    /// Decodes one sequence of <paramref name="steps"/> probability rows of <see cref="ClassCount"/> values into
    /// <paramref name="text"/>; returns the number of chars written and the mean probability of the kept steps.
    /// Characters beyond <paramref name="text"/>'s length are dropped.
    /// </summary>
    public int Decode(ReadOnlySpan<float> probabilities, int steps, Span<char> text, out float confidence)
    {
        var classes = _classes.Length;
        if (probabilities.Length < steps * classes)
        {
            throw new ArgumentException($"{probabilities.Length} values cannot hold {steps} steps of {classes} classes", nameof(probabilities));
        }
        var written = 0;
        var previous = -1;
        double sum = 0;
        var kept = 0;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = TensorPrimitives.IndexOfMax(row);
            if (best != 0 && best != previous)
            {
                var s = _classes[best];
                if (written + s.Length <= text.Length)
                {
                    s.CopyTo(text[written..]);
                    written += s.Length;
                }
                sum += row[best];
                kept++;
            }
            previous = best;
        }
        confidence = kept == 0 ? 0 : (float)(sum / kept);
        return written;
    }
}
