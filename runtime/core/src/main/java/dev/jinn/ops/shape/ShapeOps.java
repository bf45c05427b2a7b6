package dev.jinn.ops.shape;

import static dev.jinn.ir.Domains.ONNX;

import dev.jinn.ops.OpRegistry;

/**
 * Shapes and data movement. Versions whose inputs moved (attributes becoming inputs) are told apart
 * inside each op by {@code node.version()}; later versions that only added types share the class.
 */
public final class ShapeOps {
    private ShapeOps() {}

    public static void registerAll(OpRegistry r) {
        r.addFrom(ONNX, "Shape", Shape::new, 1);
        r.addFrom(ONNX, "Size", Size::new, 1);
        r.addFrom(ONNX, "Reshape", Reshape::new, 5);
        r.addFrom(ONNX, "Flatten", Flatten::new, 1);
        r.addFrom(ONNX, "Squeeze", Squeeze::new, 1);
        r.addFrom(ONNX, "Unsqueeze", Unsqueeze::new, 1);
        r.addFrom(ONNX, "Transpose", Transpose::new, 1);
        r.addFrom(ONNX, "Concat", Concat::new, 1);
        r.addFrom(ONNX, "Split", Split::new, 1);
        r.addFrom(ONNX, "Slice", Slice::new, 1);
        r.addFrom(ONNX, "Gather", Gather::new, 1);
        r.addFrom(ONNX, "GatherElements", GatherElements::new, 11);
        r.addFrom(ONNX, "Expand", Expand::new, 8);
        r.addFrom(ONNX, "Tile", Tile::new, 6);
        r.addFrom(ONNX, "Range", Range::new, 11);
        r.addFrom(ONNX, "ConstantOfShape", ConstantOfShape::new, 9);
        r.addFrom(ONNX, "Dropout", Dropout::new, 1);
        r.addFrom(ONNX, "Pad", Pad::new, 1);
        r.addFrom(ONNX, "DepthToSpace", DepthToSpace::new, 1);
        r.addFrom(ONNX, "SpaceToDepth", SpaceToDepth::new, 1);
        r.addFrom(ONNX, "Trilu", Trilu::new, 14);
        r.addFrom(ONNX, "EyeLike", EyeLike::new, 9);
        r.addFrom(ONNX, "NonZero", NonZero::new, 9);
        r.addFrom(ONNX, "Compress", Compress::new, 9);
        r.addFrom(ONNX, "OneHot", OneHot::new, 9);
        r.addFrom(ONNX, "CumSum", CumSum::new, 11);
        r.addFrom(ONNX, "CumProd", CumProd::new, 26);
        r.addFrom(ONNX, "CenterCropPad", CenterCropPad::new, 18);
        r.addFrom(ONNX, "ScatterElements", ScatterElements::new, 11);
        r.addFrom(ONNX, "Scatter", Scatter::new, 9);
        r.addFrom(ONNX, "ScatterND", ScatterND::new, 11);
        r.addFrom(ONNX, "GatherND", GatherND::new, 11);
        r.addFrom(ONNX, "TopK", TopK::new, 1);
        r.addFrom(ONNX, "Unique", Unique::new, 11);
        r.addFrom(ONNX, "ReverseSequence", ReverseSequence::new, 10);
    }
}
