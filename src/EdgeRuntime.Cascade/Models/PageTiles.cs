namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Where the detector looks at a frame read at full resolution: the whole frame when its longest side fits the tile
/// side, else tiles of that side overlapping by <c>overlap</c> pixels, the last in each direction flush with the edge.
/// The overlap is wider than a line of print, so every line lies whole inside at least one tile.
/// </summary>
internal static class PageTiles
{
    /// <summary>The tiles (x, y, width, height) covering a <paramref name="width"/>×<paramref name="height"/> frame.</summary>
    public static List<(int X, int Y, int Width, int Height)> Layout(int width, int height, int side, int overlap)
    {
        var tiles = new List<(int, int, int, int)>();
        foreach (var y in Starts(height, side, overlap))
        {
            foreach (var x in Starts(width, side, overlap))
            {
                tiles.Add((x, y, Math.Min(side, width - x), Math.Min(side, height - y)));
            }
        }
        return tiles;
    }

    private static IEnumerable<int> Starts(int length, int side, int overlap)
    {
        if (length <= side)
        {
            yield return 0;
            yield break;
        }
        var step = side - overlap;
        for (var start = 0; ; start += step)
        {
            if (start + side >= length)
            {
                yield return length - side;
                yield break;
            }
            yield return start;
        }
    }
}
