using System.Security.Cryptography;

namespace FlashSale.Fcodes;

/// <summary>
/// An F-code is 12 random Crockford base32 characters (60 bits: guessing one of 100,000 issued codes takes
/// about 10^13 tries) and a Damm check character, which catches every single mistyped character and every
/// swap of two different neighbours before anything is looked up. Shown as <c>XXXX-XXXX-XXXX-C</c>; read back
/// case-insensitively, with or without hyphens and spaces, and with O, I and L read as 0, 1 and 1.
/// </summary>
public static class FcodeFormat
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int PayloadLength = 12;
    public const int Length = PayloadLength + 1;

    /// <summary>A fresh code, normalized (no hyphens).</summary>
    public static string Generate()
    {
        // One call to the OS generator per code; the low 5 bits of a uniform byte are uniform over 32.
        Span<byte> random = stackalloc byte[PayloadLength];
        RandomNumberGenerator.Fill(random);
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < PayloadLength; i++)
        {
            code[i] = Alphabet[random[i] & 0b11111];
        }
        code[PayloadLength] = CheckCharacter(code[..PayloadLength]);
        return new string(code);
    }

    /// <summary>Groups a normalized code for people: <c>7KQ2-M9XD-4TPA-H</c>.</summary>
    public static string Display(string code) => $"{code[..4]}-{code[4..8]}-{code[8..12]}-{code[12..]}";

    public static FcodeParse Parse(string? input, out string code)
    {
        code = "";
        if (input is null || input.Length > 32)
        {
            return FcodeParse.Malformed;
        }
        Span<char> normal = stackalloc char[Length];
        var n = 0;
        foreach (var raw in input)
        {
            if (raw is '-' or ' ')
            {
                continue;
            }
            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (n == Length || Alphabet.IndexOf(c) < 0)
            {
                return FcodeParse.Malformed;
            }
            normal[n++] = c;
        }
        if (n != Length)
        {
            return FcodeParse.Malformed;
        }
        if (CheckCharacter(normal[..PayloadLength]) != normal[PayloadLength])
        {
            return FcodeParse.WrongCheckCharacter;
        }
        code = new string(normal);
        return FcodeParse.Valid;
    }

    /// <summary>
    /// Damm's algorithm over GF(32): the quasigroup x∘y = 2x ⊕ y is totally anti-symmetric because 2 ≠ 1 in a
    /// field of characteristic 2, so (c∘x)∘y = (c∘y)∘x only when x = y. The check character brings the
    /// running value back to zero.
    /// </summary>
    private static char CheckCharacter(ReadOnlySpan<char> payload)
    {
        var interim = 0;
        foreach (var c in payload)
        {
            interim = TimesTwo(interim) ^ Alphabet.IndexOf(c);
        }
        return Alphabet[TimesTwo(interim)];
    }

    /// <summary>Multiplication by x in GF(2^5) modulo the primitive polynomial x^5 + x^2 + 1.</summary>
    private static int TimesTwo(int value)
    {
        value <<= 1;
        return (value & 0b100000) != 0 ? value ^ 0b100101 : value;
    }
}

public enum FcodeParse
{
    Valid,
    Malformed,
    WrongCheckCharacter,
}
