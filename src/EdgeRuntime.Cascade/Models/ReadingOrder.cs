using EdgeRuntime.Inference.Encoders.Ocr;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Text boxes from overlapping detector tiles turned into lines in reading order: boxes that are one piece of text
/// found twice (in two tiles' overlap) or cut by a tile edge are merged, then grouped into rows top to bottom, each
/// row left to right.
/// </summary>
internal static class ReadingOrder
{
    /// <summary>
    /// Merges boxes on the same text row that overlap or nearly touch (a gap under half the line height), until none
    /// do: the two halves of a line cut by a tile edge, the same words found by two tiles, a clipped copy of a line at a
    /// tile's top or bottom edge. A wider gap (another column) keeps them apart.
    /// </summary>
    public static List<TextBox> Merge(IEnumerable<TextBox> boxes)
    {
        var merged = boxes.ToList();
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < merged.Count && !changed; i++)
            {
                for (var j = i + 1; j < merged.Count; j++)
                {
                    if (SameText(merged[i], merged[j]))
                    {
                        merged[i] = Union(merged[i], merged[j]);
                        merged.RemoveAt(j);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return merged;
    }

    /// <summary>Groups boxes into rows (a box joins a row it overlaps vertically by half its height), top to bottom, each row left to right.</summary>
    public static List<List<TextBox>> Rows(IEnumerable<TextBox> boxes)
    {
        var rows = new List<List<TextBox>>();
        foreach (var box in boxes.OrderBy(b => b.Y + (b.Height / 2)))
        {
            var row = rows.FirstOrDefault(r => r.Any(b => VerticalOverlap(b, box) >= 0.5f * Math.Min(b.Height, box.Height)));
            if (row is null)
            {
                rows.Add([box]);
            }
            else
            {
                row.Add(box);
            }
        }
        foreach (var row in rows)
        {
            row.Sort((a, b) => a.X.CompareTo(b.X));
        }
        rows.Sort((a, b) => a.Min(x => x.Y + (x.Height / 2)).CompareTo(b.Min(x => x.Y + (x.Height / 2))));
        return rows;
    }

    private static bool SameText(TextBox a, TextBox b)
    {
        var lower = Math.Min(a.Height, b.Height);
        if (VerticalOverlap(a, b) < 0.5f * lower)
        {
            return false;
        }
        // A clipped copy (a line cut by a tile's top or bottom edge) is far shorter than the whole line: it must lie
        // within the line's extent, or it would join the line above or below.
        var gap = Math.Max(a.X, b.X) - Math.Min(a.Right, b.Right);
        return gap <= 0.5f * Math.Max(a.Height, b.Height);
    }

    private static int VerticalOverlap(TextBox a, TextBox b) => Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y);

    private static TextBox Union(TextBox a, TextBox b)
    {
        var (x, y) = (Math.Min(a.X, b.X), Math.Min(a.Y, b.Y));
        return new TextBox(x, y, Math.Max(a.Right, b.Right) - x, Math.Max(a.Bottom, b.Bottom) - y, Math.Max(a.Score, b.Score));
    }
}
