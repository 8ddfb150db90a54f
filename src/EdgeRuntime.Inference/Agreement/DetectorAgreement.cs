namespace EdgeRuntime.Inference.Agreement;

/// <summary>
/// Recall of the float model's detections by a candidate (the shipped or INT8 model), on held-out images: the detector
/// metric of tools/ModelPrep and <c>edge models bench</c>.
/// </summary>
/// <param name="FloatDetections">Detections of the float model.</param>
/// <param name="Matched">Of those, matched by the candidate (same label, IoU at least 0.5, one to one).</param>
/// <param name="ShippedDetections">Detections of the candidate.</param>
/// <param name="Images">Images compared.</param>
public sealed record DetectorAgreement(int FloatDetections, int Matched, int ShippedDetections, int Images)
{
    /// <summary>Matched / float detections; 1 when the float model found nothing (nothing to miss).</summary>
    public double Recall => FloatDetections == 0 ? 1.0 : (double)Matched / FloatDetections;

    /// <summary>The counts of several images (or sets) together.</summary>
    public static DetectorAgreement Sum(IEnumerable<DetectorAgreement> parts) => parts.Aggregate(new DetectorAgreement(0, 0, 0, 0),
        (a, b) => new DetectorAgreement(a.FloatDetections + b.FloatDetections, a.Matched + b.Matched, a.ShippedDetections + b.ShippedDetections, a.Images + b.Images));
}
