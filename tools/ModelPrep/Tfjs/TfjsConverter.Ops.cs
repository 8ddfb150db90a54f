using EdgeRuntime.ModelPrep.Onnx;

namespace EdgeRuntime.ModelPrep.Tfjs;

internal sealed partial class TfjsConverter
{
    /// <summary>The TF operators the converter translates; anything else fails naming the op and the node.</summary>
    public static readonly IReadOnlySet<string> SupportedOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "Placeholder", "Const", "Identity", "Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative",
        "Add", "AddV2", "Sub", "Mul", "RealDiv", "Relu", "Relu6", "Sigmoid", "Mean", "ResizeBilinear", "ConcatV2", "MaxPool",
        "AvgPool", "Pad", "Reshape", "Equal", "Cast", "TopKV2", "ExpandDims", "FloorDiv", "FloorMod", "GatherV2", "StridedSlice",
    };

    private void ConvertNode(TfjsNode node)
    {
        switch (node.Op)
        {
            case "Placeholder": Placeholder(node); break;
            case "Const": Constant(node); break;
            case "Identity": Set(node, Get(node.Inputs[0])); break;
            case "Conv2D":
            case "_FusedConv2D":
                Convolution(node, depthwise: false);
                break;
            case "DepthwiseConv2dNative":
            case "FusedDepthwiseConv2dNative":
                Convolution(node, depthwise: true);
                break;
            case "Add":
            case "AddV2":
                Binary(node, "Add");
                break;
            case "Sub": Binary(node, "Sub"); break;
            case "Mul": Binary(node, "Mul"); break;
            case "RealDiv": Binary(node, "Div"); break;
            case "Equal": Binary(node, "Equal"); break;
            case "FloorDiv": FloorDiv(node); break;
            case "FloorMod": FloorMod(node); break;
            case "Relu": Unary(node, "Relu"); break;
            case "Sigmoid": Unary(node, "Sigmoid"); break;
            case "Relu6": Set(node, Relu6(Get(node.Inputs[0]), node.Name)); break;
            case "Mean": Mean(node); break;
            case "ResizeBilinear": ResizeBilinear(node); break;
            case "ConcatV2": Concat(node); break;
            case "MaxPool": Pool(node, "MaxPool"); break;
            case "AvgPool": Pool(node, "AveragePool"); break;
            case "Pad": Pad(node); break;
            case "Reshape": Reshape(node); break;
            case "Cast": Cast(node); break;
            case "TopKV2": TopK(node); break;
            case "ExpandDims": ExpandDims(node); break;
            case "GatherV2": Gather(node); break;
            case "StridedSlice": StridedSlice(node); break;
            default:
                throw Unsupported(node, $"no ONNX translation (supported: {string.Join(", ", SupportedOps.Order(StringComparer.Ordinal))})");
        }
    }

    private void Placeholder(TfjsNode node)
    {
        var dims = node.Attributes.TryGetValue("shape", out var s) && s.TryGetProperty("shape", out var shape) && shape.TryGetProperty("dim", out var dim)
            ? dim.EnumerateArray().Select(d => int.Parse(d.GetProperty("size").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : throw Unsupported(node, "input without a static shape");
        if (dims.Any(d => d < 0)) throw Unsupported(node, "input with a dynamic dimension; the converter needs static shapes");
        if (node.Type("dtype", "DT_FLOAT") != "DT_FLOAT") throw Unsupported(node, "only float inputs are supported");
        var name = Unique(_options.InputName);
        _inputs.Add(Nodes.TensorInfo(name, ElementType.Float, dims.Select(d => (long)d)));
        Set(node, new TfValue { Name = name, Shape = dims, Type = ElementType.Float });
    }

    private void Constant(TfjsNode node)
    {
        if (!_graph.Constants.TryGetValue(node.Name, out var c)) throw Unsupported(node, "constant without data in the weight manifest");
        var type = c.DType switch { "float32" => ElementType.Float, "int32" => ElementType.Int32, "bool" => ElementType.Bool, _ => throw Unsupported(node, $"constant dtype {c.DType}") };
        Set(node, new TfValue { ConstName = node.Name, Shape = c.Shape, Type = type, Floats = c.Floats, Ints = c.Ints });
    }

    private void Convolution(TfjsNode node, bool depthwise)
    {
        if (node.Str("data_format", "NHWC") != "NHWC") throw Unsupported(node, "only NHWC data_format is supported");
        var x = Nchw(Get(node.Inputs[0]));
        var filter = Const(node, 1);
        if (filter.Rank != 4 || filter.Floats is null) throw Unsupported(node, "filter must be a rank-4 float constant");
        int kh = filter.Shape[0], kw = filter.Shape[1], cin = filter.Shape[2], cout = filter.Shape[3];
        float[] weights;
        long[] weightDims;
        var group = 1;
        if (depthwise)
        {
            // TF depthwise filter [KH, KW, C, M] becomes ONNX [C*M, 1, KH, KW] with group = C.
            var m = cout;
            weights = new float[kh * kw * cin * m];
            for (var c = 0; c < cin; c++)
                for (var j = 0; j < m; j++)
                    for (var y = 0; y < kh; y++)
                        for (var xx = 0; xx < kw; xx++)
                            weights[((c * m + j) * kh + y) * kw + xx] = filter.Floats[((y * kw + xx) * cin + c) * m + j];
            weightDims = [cin * m, 1, kh, kw];
            group = cin;
            cout = cin * m;
        }
        else
        {
            // TF filter [KH, KW, Cin, Cout] becomes ONNX [Cout, Cin, KH, KW].
            weights = new float[kh * kw * cin * cout];
            for (var o = 0; o < cout; o++)
                for (var c = 0; c < cin; c++)
                    for (var y = 0; y < kh; y++)
                        for (var xx = 0; xx < kw; xx++)
                            weights[((o * cin + c) * kh + y) * kw + xx] = filter.Floats[((y * kw + xx) * cin + c) * cout + o];
            weightDims = [cout, cin, kh, kw];
            if (x.Shape[3] != cin)
            {
                // Grouped convolution: TF infers groups from input channels / filter channels.
                if (x.Shape[3] % cin != 0) throw Unsupported(node, $"input has {x.Shape[3]} channels, filter expects {cin}");
                group = x.Shape[3] / cin;
            }
        }
        var weightName = Unique(node.Inputs[1]);
        _initializers.Add(Tensors.Float(weightName, weightDims, weights));
        var inputs = new List<string> { Materialize(x), weightName };

        var fused = node.Strs("fused_ops");
        var activation = "";
        if (node.Op.StartsWith('_') || node.Op.StartsWith("Fused", StringComparison.Ordinal))
        {
            if (fused.Length == 0 || fused[0] != "BiasAdd") throw Unsupported(node, $"fused ops [{string.Join(", ", fused)}]; only BiasAdd[, Relu|Relu6] is supported");
            if (fused.Length > 2) throw Unsupported(node, $"fused ops [{string.Join(", ", fused)}]");
            if (fused.Length == 2)
            {
                activation = fused[1] is "Relu" or "Relu6" ? fused[1] : throw Unsupported(node, $"fused activation {fused[1]}");
            }
            var bias = Const(node, 2);
            if (bias.Floats is null || bias.Count != cout) throw Unsupported(node, $"bias must be {cout} floats");
            inputs.Add(Materialize(bias));
        }

        var strides = node.Ints("strides");
        var dilations = node.Ints("dilations");
        long sh = strides.Length == 4 ? strides[1] : 1, sw = strides.Length == 4 ? strides[2] : 1;
        long dh = dilations.Length == 4 ? dilations[1] : 1, dw = dilations.Length == 4 ? dilations[2] : 1;
        var (padTop, padBottom, oh) = Padding(node, x.Shape[1], kh, sh, dh, 1);
        var (padLeft, padRight, ow) = Padding(node, x.Shape[2], kw, sw, dw, 2);
        var shape = new[] { x.Shape[0], (int)oh, (int)ow, cout };
        var convName = activation.Length > 0 ? node.Name + "/conv" : node.Name;
        var y2 = Emit("Conv", convName, inputs, shape, ElementType.Float, nchw: true,
            Nodes.Ints("kernel_shape", [kh, kw]), Nodes.Ints("strides", [sh, sw]), Nodes.Ints("dilations", [dh, dw]),
            Nodes.Ints("pads", [padTop, padLeft, padBottom, padRight]), Nodes.Int("group", group));
        Set(node, activation switch
        {
            "Relu" => Emit("Relu", node.Name, [y2.Name], shape, ElementType.Float, nchw: true),
            "Relu6" => Relu6(y2, node.Name),
            _ => y2,
        });
    }

    /// <summary>TF padding (SAME puts the odd pixel at the end, like ONNX SAME_UPPER) as explicit begin/end pads and output size.</summary>
    private static (long Begin, long End, long Out) Padding(TfjsNode node, long input, long kernel, long stride, long dilation, int axis)
    {
        var effective = (kernel - 1) * dilation + 1;
        switch (node.Str("padding", "VALID"))
        {
            case "SAME":
                {
                    var output = (input + stride - 1) / stride;
                    var total = Math.Max((output - 1) * stride + effective - input, 0);
                    return (total / 2, total - total / 2, output);
                }
            case "VALID":
                return (0, 0, (input - effective) / stride + 1);
            case "EXPLICIT":
                {
                    var pads = node.Ints("explicit_paddings");
                    if (pads.Length != 8) throw Unsupported(node, "explicit_paddings must hold 8 values");
                    long begin = pads[2 * axis], end = pads[2 * axis + 1];
                    return (begin, end, (input + begin + end - effective) / stride + 1);
                }
            default:
                throw Unsupported(node, $"padding '{node.Str("padding", "")}'");
        }
    }

    private TfValue Relu6(TfValue x, string name) =>
        Emit("Clip", name, [Materialize(x), FloatScalar(name + "/min", 0f), FloatScalar(name + "/max", 6f)], x.Shape, x.Type, x.Nchw);

    private void Unary(TfjsNode node, string op)
    {
        var x = Get(node.Inputs[0]);
        Set(node, Emit(op, node.Name, [Materialize(x)], x.Shape, x.Type, x.Nchw));
    }

    private void Binary(TfjsNode node, string op)
    {
        var (a, b, shape, nchw) = Align(node, Get(node.Inputs[0]), Get(node.Inputs[1]));
        var type = op == "Equal" ? ElementType.Bool : a.Type;
        Set(node, Emit(op, node.Name, [Materialize(a), Materialize(b)], shape, type, nchw));
    }

    /// <summary>Brings two operands of a broadcasting op into one layout: channels-first when either is a channels-first activation.</summary>
    private (TfValue A, TfValue B, int[] Shape, bool Nchw) Align(TfjsNode node, TfValue a, TfValue b)
    {
        if (a.Type != b.Type) throw Unsupported(node, $"operands of different types ({a.Type}, {b.Type})");
        var shape = Broadcast(node, a.Shape, b.Shape);
        var nchw = shape.Length == 4 && ((a.Nchw && !a.IsConst) || (b.Nchw && !b.IsConst));
        return nchw ? (ToNchwOperand(node, a), ToNchwOperand(node, b), shape, true) : (Logical(a), Logical(b), shape, false);
    }

    private TfValue ToNchwOperand(TfjsNode node, TfValue v)
    {
        if (v.Rank == 4) return Nchw(v);
        if (v.Rank == 0 || (v.IsConst && v.Count == 1 && v.Rank <= 1)) return v;
        if (!v.IsConst) throw Unsupported(node, $"broadcasting a rank-{v.Rank} activation against a rank-4 one");
        // A constant of lower rank broadcasts against the trailing (NHWC) dims: make it rank 4, then channels-first.
        var padded = Enumerable.Repeat(1, 4 - v.Rank).Concat(v.Shape).ToArray();
        return Nchw(new TfValue { ConstName = v.ConstName, Shape = padded, Type = v.Type, Floats = v.Floats, Ints = v.Ints });
    }

    private static int[] Broadcast(TfjsNode node, int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            result[i] = da == db || db == 1 ? da : da == 1 ? db : throw Unsupported(node, $"shapes [{string.Join(",", a)}] and [{string.Join(",", b)}] do not broadcast");
        }
        return result;
    }

    private void FloorDiv(TfjsNode node)
    {
        var (a, b, shape, nchw) = Align(node, Get(node.Inputs[0]), Get(node.Inputs[1]));
        if (a.Type == ElementType.Float)
        {
            var q = Emit("Div", node.Name + "/div", [Materialize(a), Materialize(b)], shape, a.Type, nchw);
            Set(node, Emit("Floor", node.Name, [q.Name], shape, a.Type, nchw));
            return;
        }
        // ONNX integer Div truncates; floor division is computed in float, exact below 2^24 (indices, sizes).
        var fa = Emit("Cast", node.Name + "/a", [Materialize(a)], shape, ElementType.Float, nchw, Nodes.Int("to", (long)ElementType.Float));
        var fb = Emit("Cast", node.Name + "/b", [Materialize(b)], b.Shape, ElementType.Float, nchw, Nodes.Int("to", (long)ElementType.Float));
        var div = Emit("Div", node.Name + "/div", [fa.Name, fb.Name], shape, ElementType.Float, nchw);
        var floor = Emit("Floor", node.Name + "/floor", [div.Name], shape, ElementType.Float, nchw);
        Set(node, Emit("Cast", node.Name, [floor.Name], shape, a.Type, nchw, Nodes.Int("to", (long)a.Type)));
    }

    private void FloorMod(TfjsNode node)
    {
        var (a, b, shape, nchw) = Align(node, Get(node.Inputs[0]), Get(node.Inputs[1]));
        if (a.Type == ElementType.Float) throw Unsupported(node, "float FloorMod (ONNX Mod needs fmod=1 for floats, which truncates)");
        // Integer Mod with fmod=0 takes the divisor's sign, as TF's FloorMod does.
        Set(node, Emit("Mod", node.Name, [Materialize(a), Materialize(b)], shape, a.Type, nchw, Nodes.Int("fmod", 0)));
    }

    private void Mean(TfjsNode node)
    {
        var x = Get(node.Inputs[0]);
        var axesConst = Const(node, 1);
        var axes = axesConst.Ints!.Select(a => a < 0 ? a + x.Rank : a).ToArray();
        var keep = node.Bool("keep_dims", false);
        if (!keep) x = Logical(x);
        var stored = axes.Select(a => (long)StoredAxis(x, a)).Order().ToArray();
        var shape = keep ? x.Shape.Select((d, i) => axes.Contains(i) ? 1 : d).ToArray() : x.Shape.Where((_, i) => !axes.Contains(i)).ToArray();
        Set(node, Emit("ReduceMean", node.Name, [Materialize(x)], shape, x.Type, keep && x.Nchw, Nodes.Ints("axes", stored), Nodes.Int("keepdims", keep ? 1 : 0)));
    }

    private void ResizeBilinear(TfjsNode node)
    {
        var x = Nchw(Get(node.Inputs[0]));
        var size = Const(node, 1).Ints!;
        var alignCorners = node.Bool("align_corners", false);
        var halfPixel = node.Bool("half_pixel_centers", false);
        // TF's legacy bilinear (neither flag) samples at out * in/out: ONNX "asymmetric".
        var mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
        var shape = new[] { x.Shape[0], size[0], size[1], x.Shape[3] };
        var sizes = Int64Const(node.Name + "/sizes", x.Shape[0], x.Shape[3], size[0], size[1]);
        Set(node, Emit("Resize", node.Name, [Materialize(x), "", "", sizes], shape, x.Type, nchw: true,
            Nodes.String("mode", "linear"), Nodes.String("coordinate_transformation_mode", mode)));
    }

    private void Concat(TfjsNode node)
    {
        var count = node.Inputs.Count - 1;
        var axis = Const(node, count).ScalarInt();
        var parts = Enumerable.Range(0, count).Select(i => Get(node.Inputs[i])).ToList();
        var rank = parts[0].Rank;
        if (axis < 0) axis += rank;
        var nchw = rank == 4 && parts.Any(p => p.Nchw && !p.IsConst);
        parts = [.. parts.Select(p => nchw ? Nchw(p) : Logical(p))];
        var shape = (int[])parts[0].Shape.Clone();
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        var storedAxis = StoredAxis(parts[0], axis);
        Set(node, Emit("Concat", node.Name, parts.Select(Materialize), shape, parts[0].Type, nchw, Nodes.Int("axis", storedAxis)));
    }

    private void Pool(TfjsNode node, string op)
    {
        if (node.Str("data_format", "NHWC") != "NHWC") throw Unsupported(node, "only NHWC data_format is supported");
        var x = Nchw(Get(node.Inputs[0]));
        var k = node.Ints("ksize");
        var s = node.Ints("strides");
        if (k.Length != 4 || s.Length != 4 || k[0] != 1 || k[3] != 1) throw Unsupported(node, "pooling over batch or channels");
        var (pt, pb, oh) = Padding(node, x.Shape[1], k[1], s[1], 1, 1);
        var (pl, pr, ow) = Padding(node, x.Shape[2], k[2], s[2], 1, 2);
        var attributes = new List<Onnx.Proto.AttributeProto>
        {
            Nodes.Ints("kernel_shape", [k[1], k[2]]), Nodes.Ints("strides", [s[1], s[2]]), Nodes.Ints("pads", [pt, pl, pb, pr]),
        };
        // TF averages SAME-padded windows over the valid pixels only.
        if (op == "AveragePool") attributes.Add(Nodes.Int("count_include_pad", 0));
        Set(node, Emit(op, node.Name, [Materialize(x)], [x.Shape[0], (int)oh, (int)ow, x.Shape[3]], x.Type, nchw: true, [.. attributes]));
    }

    private void Pad(TfjsNode node)
    {
        var x = Get(node.Inputs[0]);
        var pads = Const(node, 1).Ints!;
        if (pads.Length != 2 * x.Rank) throw Unsupported(node, $"paddings must be [{x.Rank}, 2]");
        var begins = new long[x.Rank];
        var ends = new long[x.Rank];
        var shape = new int[x.Rank];
        for (var a = 0; a < x.Rank; a++)
        {
            var stored = StoredAxis(x, a);
            begins[stored] = pads[2 * a];
            ends[stored] = pads[2 * a + 1];
            shape[a] = x.Shape[a] + pads[2 * a] + pads[2 * a + 1];
        }
        var padsName = Int64Const(node.Name + "/pads", [.. begins, .. ends]);
        Set(node, Emit("Pad", node.Name, [Materialize(x), padsName], shape, x.Type, x.Nchw, Nodes.String("mode", "constant")));
    }

    private void Reshape(TfjsNode node)
    {
        var x = Logical(Get(node.Inputs[0]));
        var target = Const(node, 1).Ints!.ToArray();
        var known = target.Where(d => d >= 0).Aggregate(1, (a, b) => a * b);
        var shape = target.Select(d => d == -1 ? x.Count / known : d).ToArray();
        if (shape.Aggregate(1, (a, b) => a * b) != x.Count) throw Unsupported(node, $"cannot reshape [{string.Join(",", x.Shape)}] to [{string.Join(",", target)}]");
        var shapeName = Int64Const(node.Name + "/shape", [.. shape.Select(d => (long)d)]);
        Set(node, Emit("Reshape", node.Name, [Materialize(x), shapeName], shape, x.Type, nchw: false));
    }

    private void Cast(TfjsNode node)
    {
        var x = Get(node.Inputs[0]);
        var to = node.Type("DstT", "") switch
        {
            "DT_FLOAT" => ElementType.Float,
            "DT_INT32" => ElementType.Int32,
            "DT_INT64" => ElementType.Int64,
            "DT_BOOL" => ElementType.Bool,
            var t => throw Unsupported(node, $"cast to {t}"),
        };
        Set(node, Emit("Cast", node.Name, [Materialize(x)], x.Shape, to, x.Nchw, Nodes.Int("to", (long)to)));
    }

    private void TopK(TfjsNode node)
    {
        var x = Logical(Get(node.Inputs[0]));
        var k = Const(node, 1).ScalarInt();
        if (!node.Bool("sorted", true)) throw Unsupported(node, "unsorted TopK");
        var shape = x.Shape.ToArray();
        shape[^1] = k;
        var values = Unique(node.Name);
        var indices64 = Unique(node.Name + "/indices64");
        _nodes.Add(Nodes.Make("TopK", values, [Materialize(x), Int64Const(node.Name + "/k", k)], [values, indices64],
            Nodes.Int("axis", -1), Nodes.Int("largest", 1), Nodes.Int("sorted", 1)));
        Set(node, new TfValue { Name = values, Shape = shape, Type = x.Type });
        // TF's TopKV2 returns int32 indices; ONNX returns int64.
        Set(node, Emit("Cast", node.Name + ":1", [indices64], shape, ElementType.Int32, nchw: false, Nodes.Int("to", (long)ElementType.Int32)), 1);
    }

    private void ExpandDims(TfjsNode node)
    {
        var x = Logical(Get(node.Inputs[0]));
        var axis = Const(node, 1).ScalarInt();
        if (axis < 0) axis += x.Rank + 1;
        var shape = x.Shape.Take(axis).Append(1).Concat(x.Shape.Skip(axis)).ToArray();
        Set(node, Emit("Unsqueeze", node.Name, [Materialize(x), Int64Const(node.Name + "/axes", axis)], shape, x.Type, nchw: false));
    }

    private void Gather(TfjsNode node)
    {
        if (node.Int("batch_dims", 0) != 0) throw Unsupported(node, "batch_dims != 0");
        var data = Logical(Get(node.Inputs[0]));
        var indices = Logical(Get(node.Inputs[1]));
        var axis = Const(node, 2).ScalarInt();
        if (axis < 0) axis += data.Rank;
        var shape = data.Shape.Take(axis).Concat(indices.Shape).Concat(data.Shape.Skip(axis + 1)).ToArray();
        Set(node, Emit("Gather", node.Name, [Materialize(data), Materialize(indices)], shape, data.Type, nchw: false, Nodes.Int("axis", axis)));
    }

    private void StridedSlice(TfjsNode node)
    {
        var x = Logical(Get(node.Inputs[0]));
        var begin = Const(node, 1).Ints!;
        var end = Const(node, 2).Ints!;
        var strides = Const(node, 3).Ints!;
        if (node.Int("ellipsis_mask", 0) != 0 || node.Int("new_axis_mask", 0) != 0) throw Unsupported(node, "ellipsis_mask and new_axis_mask");
        long beginMask = node.Int("begin_mask", 0), endMask = node.Int("end_mask", 0), shrinkMask = node.Int("shrink_axis_mask", 0);
        var starts = new long[begin.Length];
        var ends = new long[begin.Length];
        var shape = x.Shape.ToList();
        var squeeze = new List<long>();
        for (var a = 0; a < begin.Length; a++)
        {
            long dim = x.Shape[a], step = strides[a];
            if (step <= 0) throw Unsupported(node, "non-positive strides");
            long b = (beginMask >> a & 1) != 0 ? 0 : begin[a] < 0 ? begin[a] + dim : begin[a];
            long e = (endMask >> a & 1) != 0 ? dim : end[a] < 0 ? end[a] + dim : end[a];
            if ((shrinkMask >> a & 1) != 0)
            {
                e = b + 1;
                squeeze.Add(a);
            }
            b = Math.Clamp(b, 0, dim);
            e = Math.Clamp(e, 0, dim);
            starts[a] = b;
            ends[a] = e;
            shape[a] = (int)Math.Max(0, (e - b + step - 1) / step);
        }
        var sliced = Emit("Slice", squeeze.Count > 0 ? node.Name + "/slice" : node.Name,
            [Materialize(x), Int64Const(node.Name + "/starts", starts), Int64Const(node.Name + "/ends", ends),
             Int64Const(node.Name + "/axes", [.. Enumerable.Range(0, begin.Length).Select(i => (long)i)]),
             Int64Const(node.Name + "/steps", [.. strides.Select(s => (long)s)])],
            [.. shape], x.Type, nchw: false);
        if (squeeze.Count == 0)
        {
            Set(node, sliced);
            return;
        }
        var squeezed = shape.Where((_, i) => !squeeze.Contains(i)).ToArray();
        Set(node, Emit("Squeeze", node.Name, [sliced.Name, Int64Const(node.Name + "/squeeze", [.. squeeze])], squeezed, x.Type, nchw: false));
    }
}
