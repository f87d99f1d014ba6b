import factory
from factory.django import DjangoModelFactory

from quizzes.models import Choice, Question, QuestionBank, Topic


class QuestionBankFactory(DjangoModelFactory):
    class Meta:
        model = QuestionBank
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ngân hàng câu hỏi số {n}")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    bank = factory.SubFactory(QuestionBankFactory)
    name = factory.Sequence(lambda n: f"Chủ đề {n}")


class QuestionFactory(DjangoModelFactory):
    """A question with four choices, A correct, unless `choices` / `correct` say
    otherwise: QuestionFactory(choices=["x", "y", "z"], choices__correct=2)."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    bank = factory.SubFactory(QuestionBankFactory)
    topic = None
    text = factory.Sequence(lambda n: f"Câu hỏi thử số {n} về chuyển đổi số?")
    difficulty = Question.Difficulty.MEDIUM

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if not create:
            return
        texts = extracted or ["Đáp án một", "Đáp án hai", "Đáp án ba", "Đáp án bốn"]
        correct = kwargs.get("correct", 0)
        Choice.objects.bulk_create(
            Choice(question=self, position=i, text=t, is_correct=i == correct)
            for i, t in enumerate(texts)
        )
