using AutoDiff.Data;
using AutoDiff.Nn;
using AutoDiff.Optim;
using AutoDiff.Tests.Data;

namespace AutoDiff.Tests;

/// <summary>The README's Fashion-MNIST example (on a slice of the training set, to stay fast).</summary>
public sealed class ReadmeFashionMnistTests
{
    [FashionMnistFact]
    public void ConvNet_TrainSaveLoad_LearnsAndRestoresIdenticalOutputs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fashion-{Guid.NewGuid():N}.safetensors");
        try
        {
            var data = FashionMnist.Load();                       // /usr/share/datasets/fashion-mnist
            var loader = new DataLoader(data.Train, batchSize: 64, asImages: true, seed: 1) { ReuseBuffers = true };
            Module NewModel() => new Sequential(
                new Conv2d(1, 8, kernelSize: 3, padding: 1, rng: new Rng(1)), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(8 * 14 * 14, 10, rng: new Rng(2)));
            var model = NewModel();
            var optimizer = new Adam(model.Parameters(), lr: 1e-3);
            foreach (var (x, labels) in loader.Take(150))
            {
                using var tape = Tape.Record();
                var loss = Losses.SoftmaxCrossEntropy(model.Forward(x), labels);
                loss.Backward();
                optimizer.Step();
                optimizer.ZeroGrad();
            }

            Checkpoint.Save(model, path);
            var restored = NewModel();
            Checkpoint.Load(restored, path);

            var (testX, testLabels) = new DataLoader(data.Test, batchSize: 1000, asImages: true, shuffle: false).First();
            var logits = model.Forward(testX);
            Assert.True(Losses.Accuracy(logits, testLabels) > 0.7, $"accuracy {Losses.Accuracy(logits, testLabels)}");
            Assert.Equal(logits.ToArray(), restored.Forward(testX).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [FashionMnistFact]
    public void Mlp_BatchNormAndDropout_TrainSaveLoad_RestoresIdenticalEvalOutputs()
    {
        using var dir = new TempDirectory();
        var data = FashionMnist.Load();
        Sequential NewModel(ulong seed) => Mlp.Create([784, 64, 10], Activation.ReLU, batchNorm: true, dropout: 0.2, rng: new Rng(seed));
        var model = NewModel(1);
        var optimizer = new Adam(model.Parameters(), lr: 1e-3);
        foreach (var (x, labels) in new DataLoader(data.Train, batchSize: 64, dropLast: true, seed: 3).Take(120))
        {
            using var tape = Tape.Record();
            Losses.SoftmaxCrossEntropy(model.Forward(x), labels).Backward();
            optimizer.Step();
            optimizer.ZeroGrad();
        }

        Checkpoint.Save(model.Eval(), dir.File("mlp.safetensors"));
        var restored = NewModel(2);
        restored.Eval();
        Checkpoint.Load(restored, dir.File("mlp.safetensors"));

        var (testX, testLabels) = new DataLoader(data.Test, batchSize: 1000, shuffle: false).First();
        var logits = model.Forward(testX);
        Assert.True(Losses.Accuracy(logits, testLabels) > 0.7, $"accuracy {Losses.Accuracy(logits, testLabels)}");
        Assert.Equal(logits.ToArray(), restored.Forward(testX).ToArray());
        Assert.NotEqual(0, ((BatchNorm1d)restored[1]).NumBatchesTracked.Item());
    }
}
