using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Description;

/// <summary>
/// A detection a description clause may cite: which model at which tier produced it, the label, its confidence, where
/// (for vision) and the sensor timestamp of the frame or hop it came from. Nothing is said without one of these.
/// </summary>
/// <param name="Model">Producing model or stream monitor (e.g. <c>centernet</c>, <c>silero-vad</c>, <c>camera</c>).</param>
/// <param name="Tier">0 gates and stream monitors, 1 fast unimodal, 2 full fusion.</param>
/// <param name="Label">What it is (<c>person</c>, <c>cup</c>, <c>face</c>, <c>speech</c>, <c>text</c>, <c>missing</c>).</param>
/// <param name="Score">Confidence, 0–1.</param>
/// <param name="Box">Normalized box, null for audio and stream status.</param>
/// <param name="Timestamp">Sensor timestamp of the input it was computed from.</param>
/// <param name="Text">Recognised text (OCR), when the label carries one.</param>
/// <param name="Since">For tracked objects: the first sighting of the streak that put the label in view.</param>
public sealed record Evidence(string Model, int Tier, string Label, float Score, Box? Box, Timestamp Timestamp, string? Text = null, Timestamp? Since = null);
