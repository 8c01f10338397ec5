namespace FlashSale.Fcodes.Tests;

public sealed class FcodeFormatTests
{
    [Fact]
    public void A_generated_code_parses_back_as_itself_in_every_way_a_person_might_type_it()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var code = FcodeFormat.Generate();
            var typings = new[] { code, FcodeFormat.Display(code), FcodeFormat.Display(code).ToLowerInvariant(), FcodeFormat.Display(code).Replace('-', ' ') };
            Assert.All(typings, t =>
            {
                Assert.Equal(FcodeParse.Valid, FcodeFormat.Parse(t, out var parsed));
                Assert.Equal(code, parsed);
            });
        }
    }

    [Fact]
    public void Letters_people_confuse_with_digits_read_as_those_digits()
    {
        var code = GenerateContaining('0', '1');
        var typed = code.Replace('0', 'O').Replace('1', 'l');

        Assert.Equal(FcodeParse.Valid, FcodeFormat.Parse(typed, out var parsed));
        Assert.Equal(code, parsed);
    }

    [Fact]
    public void Every_single_mistyped_character_is_caught_by_the_check_character()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = FcodeFormat.Generate();
            for (var position = 0; position < FcodeFormat.Length; position++)
            {
                foreach (var wrong in FcodeFormat.Alphabet.Where(c => c != code[position]))
                {
                    var typo = string.Concat(code.AsSpan(0, position), wrong.ToString(), code.AsSpan(position + 1));
                    Assert.Equal(FcodeParse.WrongCheckCharacter, FcodeFormat.Parse(typo, out _));
                }
            }
        }
    }

    [Fact]
    public void Every_swap_of_two_different_neighbours_is_caught()
    {
        for (var i = 0; i < 500; i++)
        {
            var code = FcodeFormat.Generate().ToCharArray();
            for (var p = 0; p < code.Length - 1; p++)
            {
                if (code[p] == code[p + 1])
                {
                    continue;
                }
                var swapped = (char[])code.Clone();
                (swapped[p], swapped[p + 1]) = (swapped[p + 1], swapped[p]);
                Assert.NotEqual(FcodeParse.Valid, FcodeFormat.Parse(new string(swapped), out _));
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCD")]
    [InlineData("ABCD-EFGH-JKMN-PQ")]
    [InlineData("ABCD-EFGH-JKMN-U")]
    [InlineData("ABCD-EFGH-JKMN-!")]
    [InlineData("ABCD-EFGH-JKMN-PQRSTVWXYZ0123456789")]
    public void Input_that_is_not_shaped_like_a_code_is_malformed(string? input)
    {
        Assert.Equal(FcodeParse.Malformed, FcodeFormat.Parse(input, out var code));
        Assert.Equal("", code);
    }

    [Fact]
    public void Codes_are_not_repeated_across_a_large_batch()
    {
        var codes = Enumerable.Range(0, 100_000).Select(_ => FcodeFormat.Generate()).ToHashSet();

        Assert.Equal(100_000, codes.Count);
    }

    private static string GenerateContaining(char a, char b)
    {
        while (true)
        {
            var code = FcodeFormat.Generate();
            if (code.Contains(a, StringComparison.Ordinal) && code.Contains(b, StringComparison.Ordinal))
            {
                return code;
            }
        }
    }
}
