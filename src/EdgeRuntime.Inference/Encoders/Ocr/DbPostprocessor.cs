namespace EdgeRuntime.Inference.Encoders.Ocr;

/// <summary>
/// Turns a DB (differentiable binarization) text probability map into text boxes: threshold the map, find 8-connected
/// components, score each by its mean probability, drop weak or tiny ones, expand ("unclip") each box by
/// <c>area × ratio / perimeter</c> as PaddleOCR does, and map it back to source-image pixels.
/// </summary>
/// <remarks>
/// Boxes are axis-aligned (PaddleOCR fits rotated rectangles; for upright camera text the difference is small). Working
/// buffers belong to the instance and only grow, so steady-state calls allocate nothing. Not thread-safe: one per worker.
/// </remarks>
public sealed class DbPostprocessor
{
    private byte[] _visited = [];
    private int[] _stack = [];

    /// <summary>Probability above which a pixel counts as text (PaddleOCR: 0.3).</summary>
    public float Threshold { get; init; } = 0.3f;

    /// <summary>Minimum mean probability of a kept box (PaddleOCR: 0.6).</summary>
    public float BoxThreshold { get; init; } = 0.6f;

    /// <summary>Unclip ratio (PaddleOCR: 1.5): how far the shrunk text kernel is grown back.</summary>
    public float UnclipRatio { get; init; } = 1.5f;

    /// <summary>Minimum side of a component, in map pixels, before unclipping (PaddleOCR: 3).</summary>
    public int MinSize { get; init; } = 3;

    /// <summary>
    /// Finds text boxes in <paramref name="map"/> (<paramref name="mapHeight"/>×<paramref name="mapWidth"/>, row-major)
    /// and writes them, in source-image coordinates, into <paramref name="boxes"/>. Returns how many were written; boxes
    /// beyond the span's length are dropped (the caller's span is the candidate limit).
    /// </summary>
    public int Process(ReadOnlySpan<float> map, int mapWidth, int mapHeight, int imageWidth, int imageHeight, Span<TextBox> boxes)
    {
        var n = mapWidth * mapHeight;
        if (map.Length < n)
        {
            throw new ArgumentException($"map has {map.Length} values, {mapWidth}x{mapHeight} needs {n}", nameof(map));
        }
        if (_visited.Length < n)
        {
            _visited = new byte[n];
            _stack = new int[n];
        }
        var visited = _visited.AsSpan(0, n);
        visited.Clear();
        var sx = imageWidth / (float)mapWidth;
        var sy = imageHeight / (float)mapHeight;
        var count = 0;
        for (var start = 0; start < n && count < boxes.Length; start++)
        {
            if (visited[start] != 0 || map[start] <= Threshold)
            {
                continue;
            }
            var (minX, minY, maxX, maxY, sum, pixels) = Flood(map, mapWidth, mapHeight, start, visited);
            var w = maxX - minX + 1;
            var h = maxY - minY + 1;
            if (Math.Min(w, h) < MinSize)
            {
                continue;
            }
            var score = (float)(sum / pixels);
            if (score < BoxThreshold)
            {
                continue;
            }
            var d = w * h * UnclipRatio / (2f * (w + h));
            var x0 = Math.Clamp((int)MathF.Floor((minX - d) * sx), 0, imageWidth - 1);
            var y0 = Math.Clamp((int)MathF.Floor((minY - d) * sy), 0, imageHeight - 1);
            var x1 = Math.Clamp((int)MathF.Ceiling((maxX + 1 + d) * sx), x0 + 1, imageWidth);
            var y1 = Math.Clamp((int)MathF.Ceiling((maxY + 1 + d) * sy), y0 + 1, imageHeight);
            boxes[count++] = new TextBox(x0, y0, x1 - x0, y1 - y0, score);
        }
        // Reading order: top to bottom, then left to right.
        boxes[..count].Sort(static (a, b) => a.Y != b.Y ? a.Y.CompareTo(b.Y) : a.X.CompareTo(b.X));
        return count;
    }

    private (int MinX, int MinY, int MaxX, int MaxY, double Sum, int Pixels) Flood(ReadOnlySpan<float> map, int width, int height, int start, Span<byte> visited)
    {
        var stack = _stack;
        var top = 0;
        stack[top++] = start;
        visited[start] = 1;
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1, pixels = 0;
        double sum = 0;
        while (top > 0)
        {
            var i = stack[--top];
            var x = i % width;
            var y = i / width;
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
            sum += map[i];
            pixels++;
            for (var dy = -1; dy <= 1; dy++)
            {
                var ny = y + dy;
                if ((uint)ny >= (uint)height)
                {
                    continue;
                }
                for (var dx = -1; dx <= 1; dx++)
                {
                    var nx = x + dx;
                    if ((uint)nx >= (uint)width)
                    {
                        continue;
                    }
                    var j = ny * width + nx;
                    if (visited[j] == 0 && map[j] > Threshold)
                    {
                        // Marked when pushed, so each pixel enters the stack once and the stack never exceeds the map.
                        visited[j] = 1;
                        stack[top++] = j;
                    }
                }
            }
        }
        return (minX, minY, maxX, maxY, sum, pixels);
    }
}
