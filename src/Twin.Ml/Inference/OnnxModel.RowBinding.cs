using Microsoft.ML.OnnxRuntime;

namespace Twin.Ml.Inference;

public sealed partial class OnnxModel
{
    /// <summary>
    /// One thread's buffers for a single row: managed arrays pinned inside OrtValues and bound once
    /// to an <see cref="OrtIoBinding"/>, so a run copies the row in, runs, and reads the outputs
    /// where ORT wrote them. Used by one thread at a time; disposed with the model.
    /// </summary>
    sealed class RowBinding : IDisposable
    {
        readonly OrtValue _input;
        readonly OrtValue[] _outputValues;
        readonly float[][] _outputs;

        RowBinding(float[] input, OrtValue inputValue, float[][] outputs, OrtValue[] outputValues, OrtIoBinding binding, RunOptions runOptions)
        {
            Input = input;
            _input = inputValue;
            _outputs = outputs;
            _outputValues = outputValues;
            Binding = binding;
            RunOptions = runOptions;
            OutputLength = outputs.Sum(o => o.Length);
        }

        public float[] Input { get; }
        public OrtIoBinding Binding { get; }
        public RunOptions RunOptions { get; }
        public int OutputLength { get; }

        public static RowBinding Create(OnnxModel model)
        {
            var disposables = new List<IDisposable>();
            try
            {
                var input = new float[model.FeatureCount];
                var inputValue = Track(disposables, OrtValue.CreateTensorValueFromMemory(input, [1, model.FeatureCount]));
                var binding = Track(disposables, model._session.CreateIoBinding());
                binding.BindInput(model.InputName, inputValue);
                var outputs = new float[model._outputWidths.Length][];
                var outputValues = new OrtValue[outputs.Length];
                for (var i = 0; i < outputs.Length; i++)
                {
                    outputs[i] = new float[model._outputWidths[i]];
                    outputValues[i] = Track(disposables, OrtValue.CreateTensorValueFromMemory(outputs[i], model.OutputShape(i, 1)));
                    binding.BindOutput(model.OutputNames[i], outputValues[i]);
                }
                var runOptions = Track(disposables, new RunOptions());
                return new RowBinding(input, inputValue, outputs, outputValues, binding, runOptions);
            }
            catch
            {
                foreach (var d in disposables) d.Dispose();
                throw;
            }
        }

        public int CopyOutputs(Span<float> destination)
        {
            var at = 0;
            foreach (var output in _outputs)
            {
                output.CopyTo(destination[at..]);
                at += output.Length;
            }
            return at;
        }

        public void Dispose()
        {
            Binding.Dispose();
            RunOptions.Dispose();
            _input.Dispose();
            foreach (var v in _outputValues) v.Dispose();
        }

        static T Track<T>(List<IDisposable> list, T value) where T : IDisposable
        {
            list.Add(value);
            return value;
        }
    }
}
