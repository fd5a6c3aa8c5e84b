using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Tests.Architecture;

/// <summary>The types a type's metadata and IL refer to: base types, signatures, fields, attributes and method bodies.</summary>
internal static class IlReferences
{
    /// <summary>Each top-level type of the module with the top-level types of the same module it refers to.</summary>
    public static Dictionary<TypeDefinition, HashSet<TypeDefinition>> Of(ModuleDefinition module)
    {
        var result = new Dictionary<TypeDefinition, HashSet<TypeDefinition>>();
        foreach (var type in module.GetTypes())
        {
            var top = TopLevel(type);
            if (!result.TryGetValue(top, out var refs))
            {
                result[top] = refs = [];
            }

            void Add(TypeReference? t)
            {
                foreach (var r in Flatten(t))
                {
                    if (r.Scope == module && r.Resolve() is { } def)
                    {
                        var target = TopLevel(def);
                        if (target != top)
                        {
                            refs.Add(target);
                        }
                    }
                }
            }

            void AddMember(MemberReference? m)
            {
                switch (m)
                {
                    case MethodReference method:
                        Add(method.DeclaringType);
                        Add(method.ReturnType);
                        foreach (var p in method.Parameters)
                        {
                            Add(p.ParameterType);
                        }

                        if (method is GenericInstanceMethod gim)
                        {
                            foreach (var a in gim.GenericArguments)
                            {
                                Add(a);
                            }
                        }

                        break;
                    case FieldReference field:
                        Add(field.DeclaringType);
                        Add(field.FieldType);
                        break;
                    case TypeReference t:
                        Add(t);
                        break;
                }
            }

            void Attributes(ICustomAttributeProvider provider)
            {
                foreach (var a in provider.CustomAttributes)
                {
                    AddMember(a.Constructor);
                    foreach (var arg in a.ConstructorArguments)
                    {
                        Add(arg.Value as TypeReference);
                    }
                }
            }

            Add(type.BaseType);
            Attributes(type);
            foreach (var i in type.Interfaces)
            {
                Add(i.InterfaceType);
            }

            foreach (var g in type.GenericParameters)
            {
                foreach (var c in g.Constraints)
                {
                    Add(c.ConstraintType);
                }
            }

            foreach (var f in type.Fields)
            {
                Add(f.FieldType);
                Attributes(f);
            }

            foreach (var p in type.Properties)
            {
                Add(p.PropertyType);
                Attributes(p);
            }

            foreach (var e in type.Events)
            {
                Add(e.EventType);
            }

            foreach (var m in type.Methods)
            {
                Attributes(m);
                Add(m.ReturnType);
                foreach (var p in m.Parameters)
                {
                    Add(p.ParameterType);
                }

                if (!m.HasBody)
                {
                    continue;
                }

                foreach (var v in m.Body.Variables)
                {
                    Add(v.VariableType);
                }

                foreach (var instruction in m.Body.Instructions)
                {
                    AddMember(instruction.Operand as MemberReference);
                }
            }
        }

        return result;
    }

    private static TypeDefinition TopLevel(TypeDefinition t)
    {
        while (t.DeclaringType is { } outer)
        {
            t = outer;
        }

        return t;
    }

    private static IEnumerable<TypeReference> Flatten(TypeReference? t)
    {
        switch (t)
        {
            case null:
                yield break;
            case GenericInstanceType g:
                foreach (var r in Flatten(g.ElementType))
                {
                    yield return r;
                }

                foreach (var a in g.GenericArguments)
                {
                    foreach (var r in Flatten(a))
                    {
                        yield return r;
                    }
                }

                break;
            case TypeSpecification s:
                foreach (var r in Flatten(s.ElementType))
                {
                    yield return r;
                }

                break;
            case GenericParameter:
                break;
            default:
                yield return t;
                break;
        }
    }
}
