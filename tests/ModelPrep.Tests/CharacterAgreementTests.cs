using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.ModelPrep.Validation;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>The OCR agreement metric: 1 - edit distance / float transcript length.</summary>
public sealed class CharacterAgreementTests
{
    [Fact]
    public void One_substitution_and_one_deletion_in_a_13_character_transcript_give_11_of_13()
    {
        // Float: "STOP\nEXIT 12\n" (13 chars). Candidate reads O as 0 and drops the 1: two edits.
        Assert.Equal(2, CharacterAgreement.EditDistance("STOP\nEXIT 12\n", "ST0P\nEXIT 2\n"));
        Assert.Equal(11.0 / 13.0, CharacterAgreement.Of("STOP\nEXIT 12\n", "ST0P\nEXIT 2\n"), 12);
    }

    [Fact]
    public void Edit_distance_counts_insertions_deletions_and_substitutions_once_each()
    {
        Assert.Equal(3, CharacterAgreement.EditDistance("kitten", "sitting"));
        Assert.Equal(0.5, CharacterAgreement.Of("kitten", "sitting"), 12);
        Assert.Equal(4, CharacterAgreement.EditDistance("", "abcd"));
        Assert.Equal(1.0, CharacterAgreement.Of("same text", "same text"));
    }

    [Fact]
    public void A_candidate_further_away_than_the_reference_is_long_scores_zero_and_empty_agrees_only_with_empty()
    {
        Assert.Equal(0.0, CharacterAgreement.Of("ab", "xyzxyz"));
        Assert.Equal(1.0, CharacterAgreement.Of("", ""));
        Assert.Equal(0.0, CharacterAgreement.Of("", "x"));
    }
}
