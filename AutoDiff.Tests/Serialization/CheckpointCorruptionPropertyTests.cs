using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using AutoDiff.Nn;
using AutoDiff.Serialization;
using FsCheck;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Serialization;

/// <summary>
/// Corrupted checkpoints, generated: truncations, byte flips in the prefix, header and data, bad header lengths,
/// edited offsets, dtypes, shapes and names, duplicate, missing and extra tensors, swapped data, damaged checksums.
/// Every variant must either be rejected with <see cref="InvalidDataException"/>, leaving the model exactly as it
/// was, or load values bit-identical to the ones saved.
/// </summary>
public sealed class CheckpointCorruptionPropertyTests
{
    private const int Variants = 1500;

    private static readonly string[] s_dtypes = ["F16", "BF16", "F32", "F64", "I8", "U8", "I16", "I32", "I64", "BOOL", "F8_E4M3", "Q4"];

    private enum Corruption
    {
        Truncate,
        FlipPrefixByte,
        FlipHeaderByte,
        FlipDataByte,
        ScrambleDataRange,
        HeaderLength,
        Offset,
        SwapOffsets,
        DType,
        Shape,
        Rename,
        Duplicate,
        Missing,
        MissingWithData,
        Extra,
        Checksum,
    }

    [Fact]
    public void Load_CorruptedVariants_RejectedUntouchedOrBitIdentical()
    {
        var saved = Model(1);
        saved.Forward(Tensor.Randn(new Shape(8, 3), seed: 5)); // moves the batch-norm statistics and counter
        var file = SafeTensors.Serialize(Checkpoint.ToEntries(saved));
        var savedValues = Snapshot(saved);
        var rejected = new int[Enum.GetValues<Corruption>().Length];
        var accepted = new int[rejected.Length];

        var gen = from kind in Gen.Elements(Enum.GetValues<Corruption>())
                  from seed in Gen.Choose(0, int.MaxValue)
                  select (Kind: kind, Seed: seed);
        Prop.ForAll(Arb.From(gen), c =>
        {
            var variant = Corrupt(file, c.Kind, new Random(c.Seed));
            var target = Model(2);
            var before = Snapshot(target);
            try
            {
                Checkpoint.Load(target, SafeTensors.Read(variant, $"{c.Kind} #{c.Seed}"), $"{c.Kind} #{c.Seed}");
            }
            catch (InvalidDataException)
            {
                Assert.True(Same(before, Snapshot(target)), $"{c.Kind} (seed {c.Seed}): rejected but the model was changed.");
                rejected[(int)c.Kind]++;
                return;
            }

            Assert.True(Same(savedValues, Snapshot(target)), $"{c.Kind} (seed {c.Seed}): accepted with values that differ from the saved ones.");
            accepted[(int)c.Kind]++;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Variants));

        Assert.Equal(Variants, rejected.Sum() + accepted.Sum());
        Assert.All(Enum.GetValues<Corruption>(), k => Assert.True(rejected[(int)k] + accepted[(int)k] > 0, $"no {k} variant was generated"));
    }

    private static Module Model(ulong seed) => new Sequential(
        new Linear(3, 4, rng: new Rng(seed)),
        new BatchNorm1d(4),
        new Tanh(),
        new Linear(4, 2, dtype: DType.Float32, rng: new Rng(seed + 1)));

    private static long[][] Snapshot(Module module)
        => [.. module.NamedTensors().Select(t => t.Tensor.ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray())];

    private static bool Same(long[][] a, long[][] b) => a.Length == b.Length && a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    private static byte[] Corrupt(byte[] file, Corruption kind, Random rng)
    {
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        var dataStart = 8 + headerLength;
        var bytes = (byte[])file.Clone();
        switch (kind)
        {
            case Corruption.Truncate:
                return file[..rng.Next(file.Length)];
            case Corruption.FlipPrefixByte:
                bytes[rng.Next(8)] ^= (byte)rng.Next(1, 256);
                return bytes;
            case Corruption.FlipHeaderByte:
                bytes[8 + rng.Next(headerLength)] ^= (byte)rng.Next(1, 256);
                return bytes;
            case Corruption.FlipDataByte:
                bytes[dataStart + rng.Next(file.Length - dataStart)] ^= (byte)(1 << rng.Next(8));
                return bytes;
            case Corruption.ScrambleDataRange:
            {
                var start = dataStart + rng.Next(file.Length - dataStart);
                var span = bytes.AsSpan(start, Math.Min(1 + rng.Next(16), file.Length - start));
                var original = span.ToArray();
                do
                {
                    rng.NextBytes(span);
                }
                while (span.SequenceEqual(original));

                return bytes;
            }

            case Corruption.HeaderLength:
            {
                var delta = rng.Next(2) == 0 ? rng.Next(1, 64) * (rng.Next(2) == 0 ? 1 : -1) : rng.Next(1, int.MaxValue);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)Math.Max(0L, (long)headerLength + delta));
                return bytes;
            }

            default:
                return EditHeader(file, headerLength, kind, rng);
        }
    }

    private static byte[] EditHeader(byte[] file, int headerLength, Corruption kind, Random rng)
    {
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, headerLength))!.AsObject();
        var data = file[(8 + headerLength)..];
        var names = header.Select(p => p.Key).Where(k => k != SafeTensors.MetadataKey).ToArray();
        var name = names[rng.Next(names.Length)];
        var entry = header[name]!.AsObject();
        var offsets = entry["data_offsets"]!.AsArray();
        string? text = null;
        switch (kind)
        {
            case Corruption.Offset:
            {
                var which = rng.Next(2);
                offsets[which] = Math.Max(0, (long)offsets[which]! + (rng.Next(1, 17) * (rng.Next(2) == 0 ? 1 : -1)));
                break;
            }

            case Corruption.SwapOffsets:
            {
                var other = header[names[(Array.IndexOf(names, name) + 1 + rng.Next(names.Length - 1)) % names.Length]]!.AsObject();
                var mine = offsets.DeepClone();
                entry["data_offsets"] = other["data_offsets"]!.DeepClone();
                other["data_offsets"] = mine;
                break;
            }

            case Corruption.DType:
                entry["dtype"] = s_dtypes.Where(d => d != (string)entry["dtype"]!).ElementAt(rng.Next(s_dtypes.Length - 1));
                break;
            case Corruption.Shape:
            {
                var shape = entry["shape"]!.AsArray().Select(d => (long)d!).ToList();
                switch (rng.Next(5))
                {
                    case 0 when shape.Count > 0:
                        var i = rng.Next(shape.Count);
                        shape[i] = Math.Max(0, shape[i] + (rng.Next(2) == 0 ? 1 : -1));
                        break;
                    case 1 when shape.Count > 1:
                        shape.Reverse();
                        break;
                    case 2:
                        shape.Insert(rng.Next(shape.Count + 1), 1);
                        break;
                    case 3 when shape.Count > 0:
                        shape.RemoveAt(rng.Next(shape.Count));
                        break;
                    default:
                        shape = [(long)rng.Next(0, 40)];
                        break;
                }

                entry["shape"] = new JsonArray([.. shape.Select(d => JsonValue.Create(d))]);
                break;
            }

            case Corruption.Rename:
                header.Remove(name);
                header[name + (char)('a' + rng.Next(26))] = entry;
                break;
            case Corruption.Duplicate:
            {
                // JSON objects cannot hold a key twice, so the duplicate goes in as text, at times with other offsets.
                var copy = entry.DeepClone().AsObject();
                if (rng.Next(2) == 0)
                {
                    copy["data_offsets"] = new JsonArray(0, 4);
                }

                text = header.ToJsonString().Insert(1, $"\"{name}\":{copy.ToJsonString()},");
                break;
            }

            case Corruption.Missing:
                header.Remove(name);
                break;
            case Corruption.MissingWithData:
            {
                // A well-formed file that simply lacks the tensor: its bytes cut out and the later offsets moved.
                long begin = (long)offsets[0]!, end = (long)offsets[1]!;
                header.Remove(name);
                foreach (var other in header.Where(p => p.Key != SafeTensors.MetadataKey).Select(p => p.Value!["data_offsets"]!.AsArray()))
                {
                    for (var k = 0; k < 2; k++)
                    {
                        if ((long)other[k]! >= end)
                        {
                            other[k] = (long)other[k]! - (end - begin);
                        }
                    }
                }

                data = [.. data[..(int)begin], .. data[(int)end..]];
                break;
            }

            case Corruption.Extra:
            {
                var extra = new byte[4 * (1 + rng.Next(4))];
                rng.NextBytes(extra);
                header["extra." + rng.Next(100)] = new JsonObject
                {
                    ["dtype"] = "F32",
                    ["shape"] = new JsonArray(extra.Length / 4),
                    ["data_offsets"] = new JsonArray(data.Length, data.Length + extra.Length),
                };
                data = [.. data, .. extra];
                break;
            }

            case Corruption.Checksum:
            {
                var metadata = header[SafeTensors.MetadataKey]?.AsObject();
                var keys = metadata?.Select(p => p.Key).ToArray() ?? [];
                if (keys.Length == 0)
                {
                    goto case Corruption.Offset;
                }

                var key = keys[rng.Next(keys.Length)];
                var value = (string)metadata![key]!;
                switch (rng.Next(4))
                {
                    case 0:
                        metadata.Remove(key);
                        break;
                    case 1:
                        var chars = value.ToCharArray();
                        var i = rng.Next(chars.Length);
                        chars[i] = chars[i] == '0' ? '1' : '0';
                        metadata[key] = new string(chars);
                        break;
                    case 2:
                        metadata[key] = value[..^1];
                        break;
                    default:
                        metadata.Remove(key);
                        metadata[key + "x"] = value;
                        break;
                }

                break;
            }
        }

        var headerBytes = Encoding.UTF8.GetBytes(text ?? header.ToJsonString());
        var padded = (headerBytes.Length + 7) & ~7;
        var result = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded);
        headerBytes.CopyTo(result, 8);
        result.AsSpan(8 + headerBytes.Length, padded - headerBytes.Length).Fill((byte)' ');
        data.CopyTo(result, 8 + padded);
        return result;
    }
}
