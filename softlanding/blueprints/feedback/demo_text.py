"""Fictional free-text feedback for the demo, combined from fragments so that no two answers read the same."""

WENT_WELL = {
    "arcp": [
        "the walk-through of what an ARCP panel actually looks at",
        "seeing an anonymised outcome form and what each outcome means",
        "hearing that an Outcome 2 or 3 is not the end of the world",
        "the checklist of evidence to have ready six weeks before the panel",
        "understanding how the educational supervisor's report feeds into ARCP",
    ],
    "eportfolio": [
        "the live demo of Kaizen, tagging assessments to the curriculum",
        "learning how to write a reflection that is not just a description",
        "the tip to log things weekly rather than in a panic before ARCP",
        "seeing how to link the same event to several key capabilities",
        "the explanation of how supervised learning events differ from assessments",
    ],
    "mrcpch": [
        "the practice questions for the FOP and TAS papers",
        "the breakdown of how the AKP paper is marked",
        "the clinical exam stations practised with real timings",
        "hearing how others planned their revision around rota shifts",
        "the list of question banks and which ones are worth paying for",
    ],
    "mock_interview": [
        "the mock interview felt very close to the real ST1 interview",
        "the feedback on my clinical scenario answer was specific and kind",
        "practising the portfolio station with a senior rep",
        "learning to structure answers about patient safety and leadership",
        "being told exactly where I lost marks in the communication station",
    ],
    "induction": [
        "the explanation of how the NHS is organised, from trusts to deaneries",
        "the session on NHS culture and speaking up to seniors",
        "learning about on-call rotas, handover and escalation in the UK",
        "meeting other doctors who arrived in the UK this year",
        "the honest talk about differences between the NHS and hospitals back home",
    ],
    "academic": [
        "the overview of academic clinical fellowships and how to apply",
        "hearing how an IMG built an academic career step by step",
        "the advice on getting a first audit published",
    ],
    "wellbeing_culture": [
        "the space to talk about feeling isolated in a new country",
        "the discussion about microaggressions and how to respond",
        "learning that many seniors felt the same in their first year",
    ],
    "other": [
        "the practical advice from people who have been through it",
        "the friendly atmosphere and time for questions",
    ],
}

OPENERS = ["Really valued", "What helped most was", "Most helpful was", "Loved", "For me the best part was", "Very useful:",
           "Thank you for", "I appreciated", "Honestly,", "Great session, especially"]
CLOSERS = ["", "", " I feel much more confident now.", " I wish I had known this a year ago.",
           " It made the whole process less scary.", " I will recommend it to colleagues.",
           " It helped me prepare for my next ARCP.", " This is exactly what new IMGs need.",
           " My confidence went up a lot.", " I now have a clear plan."]

IMPROVE = [
    "More time for questions at the end", "A recording to watch again later", "Slides shared before the session",
    "Smaller breakout groups", "A session at a time that works for people on nights",
    "More examples from community paediatrics", "Less time on introductions",
    "A follow-up session a month later", "More about the differences between regions",
    "Sound quality was poor at times", "Some examples were too London-focused",
    "More practice questions with worked answers",
]
IMPROVE_TAILS = ["", ".", ", please.", " would help a lot.", " would make it even better.",
                 " because I work shifts.", " as it moved quickly."]

TOPICS = [
    "Writing reflections for the portfolio", "MRCPCH clinical exam preparation", "Sub-specialty recruitment",
    "Dealing with difficult conversations with parents", "Safeguarding in the UK",
    "Applying for ST3 and ST4 posts", "Less than full time training", "The GMC and revalidation",
    "Moving from LED post to training", "Teaching and presenting at departmental meetings",
    "Wellbeing and burnout", "NHS culture and hierarchy", "Leadership and management questions at interview",
]

# Answers over several lines, some in Urdu or Arabic and with emoji, as people really write them: they
# show that a highlight across line breaks, right-to-left text and emoji codes exactly what was chosen.
MULTILINE = [
    "The ARCP checklist was the most useful part.\nI printed it and ticked it off the same week.\n"
    "بہت شکریہ — thank you to the whole team 🙏",
    "Two things helped:\n1. the Kaizen demo\n2. hearing from someone who arrived last year 😊",
    "شكراً جزيلاً for the session.\nThe explanation of the NHS grades finally made sense to me.",
    "Honestly the mock interview made me less nervous.\n\nمیں اب تیار محسوس کرتا ہوں 👍🏽",
    "Clear slides and kind speakers.\nPlease run it again for colleagues on nights ☕",
    "Café-style breakout rooms worked well.\nالحمد لله I passed my FOP paper last month 🎉",
]
